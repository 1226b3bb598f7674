using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DockerBuild.Tests.Sources;

/// <summary>
/// Response bodies and headers in the shapes the GitHub REST API sends (releases, tags, errors, Link pagination),
/// for a loopback fake standing in for the real service, which cannot be reached from tests.
/// </summary>
public static class FakeGitHubApi
{
    public static object Release(Uri server, string owner, string repo, long id, string tag, params object[] assets) => new Dictionary<string, object?>
    {
        ["url"] = $"{server}repos/{owner}/{repo}/releases/{id}",
        ["assets_url"] = $"{server}repos/{owner}/{repo}/releases/{id}/assets",
        ["upload_url"] = $"{server}uploads/repos/{owner}/{repo}/releases/{id}/assets{{?name,label}}",
        ["html_url"] = $"https://example.invalid/{owner}/{repo}/releases/tag/{tag}",
        ["id"] = id,
        ["author"] = new Dictionary<string, object> { ["login"] = "octocat", ["id"] = 1, ["type"] = "User" },
        ["node_id"] = "RE_kwDOAAAAAc4AAAAB",
        ["tag_name"] = tag,
        ["target_commitish"] = "main",
        ["name"] = $"Release {tag}",
        ["draft"] = false,
        ["prerelease"] = false,
        ["created_at"] = "2023-06-01T10:00:00Z",
        ["published_at"] = "2023-06-01T10:05:00Z",
        ["assets"] = assets,
        ["tarball_url"] = $"{server}repos/{owner}/{repo}/tarball/{tag}",
        ["zipball_url"] = $"{server}repos/{owner}/{repo}/zipball/{tag}",
        ["body"] = "notes",
    };

    public static object Asset(Uri server, string owner, string repo, long id, string name, long size) => new Dictionary<string, object?>
    {
        ["url"] = $"{server}repos/{owner}/{repo}/releases/assets/{id}",
        ["browser_download_url"] = $"https://example.invalid/{owner}/{repo}/releases/download/v1/{name}",
        ["id"] = id,
        ["node_id"] = "RA_kwDOAAAAAc4AAAAB",
        ["name"] = name,
        ["label"] = "",
        ["state"] = "uploaded",
        ["content_type"] = "application/octet-stream",
        ["size"] = size,
        ["download_count"] = 0,
        ["created_at"] = "2023-06-01T10:06:00Z",
        ["updated_at"] = "2023-06-01T10:06:00Z",
    };

    public static object Tag(Uri server, string owner, string repo, string name, string sha) => new Dictionary<string, object>
    {
        ["name"] = name,
        ["commit"] = new Dictionary<string, object> { ["sha"] = sha, ["url"] = $"{server}repos/{owner}/{repo}/commits/{sha}" },
        ["zipball_url"] = $"{server}repos/{owner}/{repo}/zipball/refs/tags/{name}",
        ["tarball_url"] = $"{server}repos/{owner}/{repo}/tarball/refs/tags/{name}",
        ["node_id"] = "MDM6UmVmcmVmcy90YWdzL3YxLjA=",
    };

    /// <summary>Writes one page of a list with GitHub's Link header (next/last, plus prev/first after page 1).</summary>
    public static Task WritePageAsync<T>(HttpContext context, IReadOnlyList<T> all, Uri listUrl)
    {
        var perPage = int.TryParse(context.Request.Query["per_page"], out var p) ? p : 30;
        var page = int.TryParse(context.Request.Query["page"], out var n) ? n : 1;
        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);
        string Link(int target, string rel) => $"<{listUrl}?per_page={perPage}&page={target}>; rel=\"{rel}\"";
        var links = new List<string>();
        if (page > 1) { links.Add(Link(page - 1, "prev")); links.Add(Link(1, "first")); }
        if (page < last) { links.Add(Link(page + 1, "next")); links.Add(Link(last, "last")); }
        if (links.Count > 0) context.Response.Headers["Link"] = string.Join(", ", links);
        return WriteJsonAsync(context, all.Skip((page - 1) * perPage).Take(perPage).ToList());
    }

    public static async Task WriteJsonAsync(HttpContext context, object body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers["X-GitHub-Media-Type"] = "github.v3; format=json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    /// <summary>The primary rate limit answer: 403, remaining 0, reset as epoch seconds.</summary>
    public static Task WriteRateLimitedAsync(HttpContext context, DateTimeOffset reset)
    {
        context.Response.Headers["X-RateLimit-Limit"] = "60";
        context.Response.Headers["X-RateLimit-Remaining"] = "0";
        context.Response.Headers["X-RateLimit-Used"] = "60";
        context.Response.Headers["X-RateLimit-Resource"] = "core";
        context.Response.Headers["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString();
        return WriteJsonAsync(context, new Dictionary<string, string>
        {
            ["message"] = "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit.)",
            ["documentation_url"] = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        }, 403);
    }

    /// <summary>GitHub's 302 from <c>/repos/{o}/{r}/tarball/{ref}</c> to a codeload-style URL.</summary>
    public static void MapTarballRedirect(WebApplication app, Func<Uri> codeload)
        => app.MapGet("/repos/{owner}/{repo}/tarball/{**gitRef}", (HttpContext context, string owner, string repo, string gitRef) =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = new Uri(codeload(), $"{owner}/{repo}/legacy.tar.gz/refs/tags/{gitRef}").ToString();
            return Task.CompletedTask;
        });

    /// <summary>
    /// GitHub's 302 from a release asset's API URL, asked for <c>application/octet-stream</c>, to the storage host
    /// (with JSON metadata otherwise).
    /// </summary>
    public static void MapAssetDownloadRedirect(WebApplication app, Func<Uri> storage)
        => app.MapGet("/repos/{owner}/{repo}/releases/assets/{id:long}", (HttpContext context, string owner, string repo, long id) =>
        {
            if (!context.Request.Headers.Accept.ToString().Contains("application/octet-stream"))
                return WriteJsonAsync(context, new { message = "this fake serves only the asset's bytes" }, 415);
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = new Uri(storage(), $"github-production-release-asset/{owner}/{repo}/{id}").ToString();
            return Task.CompletedTask;
        });
}
