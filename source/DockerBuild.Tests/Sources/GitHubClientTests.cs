using NUnit.Framework;
using System.Net;
using System.Text;
using DockerBuild.Tools.GitHub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DockerBuild.Tests.Sources;

[TestFixture]
[Category("Sources")]
public sealed class GitHubClientTests
{
    private const string Token = "ghp_testtoken0123456789";

    private static GitHubClient Client(LoopbackHttpServer api, int rateLimitRetries = 3, TimeSpan? maxWait = null)
        => new(new GitHubClientOptions
        {
            BaseUrl = api.BaseUri,
            Token = Token,
            PageSize = 2,
            MaxRateLimitRetries = rateLimitRetries,
            MaxRateLimitWait = maxWait ?? TimeSpan.FromSeconds(10),
        });

    [Test]
    public async Task Releases_are_read_across_every_page_of_the_Link_header_with_token_and_api_headers()
    {
        LoopbackHttpServer? server = null;
        await using var api = server = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/repos/{owner}/{repo}/releases", (HttpContext context, string owner, string repo) =>
                FakeGitHubApi.WritePageAsync(context,
                    Enumerable.Range(1, 5).Select(i => FakeGitHubApi.Release(server!.BaseUri, owner, repo, i, $"v1.{i}")).ToList(),
                    server!.Url($"repos/{owner}/{repo}/releases"))));
        using var client = Client(api);

        var releases = await client.ListReleasesAsync("indygreg", "python-zstandard");

        Assert.That(releases.Select(r => r.TagName), Is.EqualTo(new[] { "v1.1", "v1.2", "v1.3", "v1.4", "v1.5" }));
        Assert.That(releases[0].UploadUrl, Does.Contain("/releases/1/assets{?name,label}"));
        var requests = api.Requests.ToList();
        Assert.That(requests, Has.Count.EqualTo(3), "5 releases at 2 per page are 3 pages");
        Assert.That(requests.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + Token));
        Assert.That(requests.Select(r => r.Header("X-GitHub-Api-Version")), Is.All.EqualTo("2022-11-28"));
        Assert.That(requests.Select(r => r.Header("User-Agent")), Is.All.Not.Null.And.Not.Empty);
        Assert.That(requests.Select(r => r.Header("Accept")), Is.All.EqualTo("application/vnd.github+json"));
    }

    [Test]
    public async Task Tags_are_paginated_and_a_release_is_found_by_tag_or_reported_missing()
    {
        LoopbackHttpServer? server = null;
        await using var api = server = await LoopbackHttpServer.StartAsync(app =>
        {
            app.MapGet("/repos/{owner}/{repo}/tags", (HttpContext context, string owner, string repo) =>
                FakeGitHubApi.WritePageAsync(context,
                    new[] { "v3", "v2", "v1" }.Select(t => FakeGitHubApi.Tag(server!.BaseUri, owner, repo, t, new string(t[1], 40))).ToList(),
                    server!.Url($"repos/{owner}/{repo}/tags")));
            app.MapGet("/repos/{owner}/{repo}/releases/tags/{tag}", (HttpContext context, string owner, string repo, string tag) =>
                tag == "v2"
                    ? FakeGitHubApi.WriteJsonAsync(context, FakeGitHubApi.Release(server!.BaseUri, owner, repo, 22, tag))
                    : FakeGitHubApi.WriteJsonAsync(context, new { message = "Not Found", documentation_url = "https://docs.github.com/rest/releases/releases#get-a-release-by-tag-name" }, 404));
        });
        using var client = Client(api);

        var tags = await client.ListTagsAsync("o", "r");
        var found = await client.GetReleaseByTagAsync("o", "r", "v2");
        var missing = await client.GetReleaseByTagAsync("o", "r", "v9");

        Assert.That(tags.Select(t => (t.Name, t.Commit.Sha[0])), Is.EqualTo(new[] { ("v3", '3'), ("v2", '2'), ("v1", '1') }));
        Assert.That(found?.Id, Is.EqualTo(22));
        Assert.That(missing, Is.Null);
    }

    [Test]
    public async Task A_rate_limited_call_waits_for_the_reset_and_then_succeeds()
    {
        var calls = 0;
        LoopbackHttpServer? server = null;
        await using var api = server = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/repos/{owner}/{repo}/releases", (HttpContext context, string owner, string repo) =>
                Interlocked.Increment(ref calls) == 1
                    ? FakeGitHubApi.WriteRateLimitedAsync(context, DateTimeOffset.UtcNow)
                    : FakeGitHubApi.WritePageAsync(context, [FakeGitHubApi.Release(server!.BaseUri, owner, repo, 1, "v1")], server!.Url("x"))));
        using var client = Client(api);

        var releases = await client.ListReleasesAsync("o", "r");

        Assert.That(releases, Has.Count.EqualTo(1));
        Assert.That(calls, Is.EqualTo(2), "one refused call, one retried after the reset");
    }

    [Test]
    public async Task A_rate_limit_that_outlasts_the_allowed_wait_fails_naming_the_reset_time_and_GitHubs_message()
    {
        var reset = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        await using var api = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/repos/{owner}/{repo}/tags", (HttpContext context) => FakeGitHubApi.WriteRateLimitedAsync(context, reset)));
        using var client = Client(api, maxWait: TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<GitHubRateLimitException>(() => client.ListTagsAsync("o", "r"));

        Assert.That(error!.ResetsAt, Is.EqualTo(reset));
        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(error.Message, Does.Contain("API rate limit exceeded").And.Contain(reset.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss")));
        Assert.That(api.Requests, Has.Count.EqualTo(1), "no point retrying before an hour-away reset");
    }

    [Test]
    public async Task Retry_After_is_honoured_a_bounded_number_of_times()
    {
        await using var api = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/repos/{owner}/{repo}/tags", (HttpContext context) =>
            {
                context.Response.Headers["Retry-After"] = "0";
                return FakeGitHubApi.WriteJsonAsync(context, new { message = "You have exceeded a secondary rate limit." }, 429);
            }));
        using var client = Client(api, rateLimitRetries: 2);

        var error = await Assert.ThrowsAsync<GitHubRateLimitException>(() => client.ListTagsAsync("o", "r"));

        Assert.That(error!.Attempts, Is.EqualTo(3));
        Assert.That(api.Requests, Has.Count.EqualTo(3), "the first call and two retries");
        Assert.That(error.GitHubMessage, Does.Contain("secondary rate limit"));
    }

    [Test]
    public async Task A_permission_403_is_not_mistaken_for_a_rate_limit()
    {
        await using var api = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/repos/{owner}/{repo}/tags", (HttpContext context) =>
            {
                context.Response.Headers["X-RateLimit-Remaining"] = "4999";
                return FakeGitHubApi.WriteJsonAsync(context, new { message = "Resource not accessible by integration", documentation_url = "https://docs.github.com/rest" }, 403);
            }));
        using var client = Client(api);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListTagsAsync("o", "r"));

        Assert.That(error, Is.Not.InstanceOf<GitHubRateLimitException>());
        Assert.That(error!.GitHubMessage, Is.EqualTo("Resource not accessible by integration"));
        Assert.That(api.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_tarball_is_located_through_the_302_and_downloaded_without_sending_the_token_to_the_other_host()
    {
        var content = Encoding.UTF8.GetBytes("pretend this is a gzip");
        await using var codeload = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/{**path}", (HttpContext context) => context.Response.Body.WriteAsync(content).AsTask()));
        await using var api = await LoopbackHttpServer.StartAsync(app => FakeGitHubApi.MapTarballRedirect(app, () => codeload.BaseUri));
        using var client = Client(api);

        var location = await client.GetTarballUrlAsync("indygreg", "python-zstandard", "0.21.0");
        using var downloaded = new MemoryStream();
        var bytes = await client.DownloadTarballAsync("indygreg", "python-zstandard", "0.21.0", downloaded);

        Assert.That(location, Is.EqualTo(codeload.Url("indygreg/python-zstandard/legacy.tar.gz/refs/tags/0.21.0")));
        Assert.That(downloaded.ToArray(), Is.EqualTo(content));
        Assert.That(bytes, Is.EqualTo(content.Length));
        Assert.That(codeload.Requests.Single().Header("Authorization"), Is.Null);
        Assert.That(api.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + Token));
    }

    [Test]
    public async Task Release_assets_are_listed_uploaded_to_the_upload_url_and_deleted()
    {
        var uploaded = new List<(string Name, string? ContentType, byte[] Body)>();
        var deleted = new List<long>();
        LoopbackHttpServer? server = null;
        await using var api = server = await LoopbackHttpServer.StartAsync(app =>
        {
            app.MapGet("/repos/{owner}/{repo}/releases/{id:long}/assets", (HttpContext context, string owner, string repo) =>
                FakeGitHubApi.WritePageAsync(context,
                    Enumerable.Range(1, 3).Select(i => FakeGitHubApi.Asset(server!.BaseUri, owner, repo, 100 + i, $"w{i}.whl", i)).ToList(),
                    server!.Url($"repos/{owner}/{repo}/releases/7/assets")));
            app.MapPost("/uploads/repos/{owner}/{repo}/releases/{id:long}/assets", async (HttpContext context, string owner, string repo) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                var name = context.Request.Query["name"].ToString();
                uploaded.Add((name, context.Request.ContentType, body.ToArray()));
                await FakeGitHubApi.WriteJsonAsync(context, FakeGitHubApi.Asset(server!.BaseUri, owner, repo, 555, name, body.Length), 201);
            });
            app.MapDelete("/repos/{owner}/{repo}/releases/assets/{id:long}", (HttpContext context, long id) =>
            {
                deleted.Add(id);
                context.Response.StatusCode = 204;
                return Task.CompletedTask;
            });
        });
        using var client = Client(api);
        using var work = new TemporaryDirectory();
        var wheel = work.Combine("zstandard-0.21.0-cp311-cp311-linux_aarch64.whl");
        await File.WriteAllBytesAsync(wheel, [1, 2, 3, 4, 5]);
        var release = new GitHubRelease
        {
            Id = 7, TagName = "v1", UploadUrl = api.Url("uploads/repos/o/r/releases/7/assets{?name,label}").ToString(),
        };

        var assets = await client.ListReleaseAssetsAsync("o", "r", 7);
        var asset = await client.UploadReleaseAssetAsync(release, wheel, contentType: "application/zip");
        await client.DeleteReleaseAssetAsync("o", "r", asset.Id);

        Assert.That(assets.Select(a => a.Name), Is.EqualTo(new[] { "w1.whl", "w2.whl", "w3.whl" }));
        Assert.That(uploaded, Has.Count.EqualTo(1));
        Assert.That(uploaded[0].Name, Is.EqualTo("zstandard-0.21.0-cp311-cp311-linux_aarch64.whl"));
        Assert.That(uploaded[0].ContentType, Is.EqualTo("application/zip"));
        Assert.That(uploaded[0].Body, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5 }));
        Assert.That(asset.Id, Is.EqualTo(555));
        Assert.That(deleted, Is.EqualTo(new long[] { 555 }));
    }
}
