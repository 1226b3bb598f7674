using NUnit.Framework;
using System.Net;
using System.Text;
using DockerBuild.Tools.GitHub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Octokit;

namespace DockerBuild.Tests.Sources;

/// <summary>
/// Octokit as this project sets it up, against loopback fakes: the API root used as given, the token sent to the API
/// and never along a redirect to another origin, bounded waits on rate limits, and the asset digest Octokit drops.
/// </summary>
[TestFixture]
[Category("Sources")]
public sealed class GitHubConnectionTests
{
    private const string Token = "ghp_testtoken0123456789";

    private static GitHubClientOptions Options(Uri api, int rateLimitRetries = 3, TimeSpan? maxWait = null) => new()
    {
        BaseUrl = api,
        Token = Token,
        MaxRateLimitRetries = rateLimitRetries,
        MaxRateLimitWait = maxWait ?? TimeSpan.FromSeconds(10),
    };

    private static GitHubClient Client(LoopbackHttpServer api, int rateLimitRetries = 3, TimeSpan? maxWait = null)
        => GitHubConnection.CreateClient(Options(api.BaseUri, rateLimitRetries, maxWait));

    [Test]
    public async Task Calls_go_under_the_API_root_as_given_across_every_page_with_the_token()
    {
        // A GitHub Enterprise-style root with a path; Octokit's own constructor would append another api/v3/.
        LoopbackHttpServer? server = null;
        await using var api = server = await LoopbackHttpServer.StartAsync(app =>
        {
            app.MapGet("/ghe/api/v3/repos/{owner}/{repo}/releases", (HttpContext context, string owner, string repo) =>
                FakeGitHubApi.WritePageAsync(context,
                    Enumerable.Range(1, 5).Select(i => FakeGitHubApi.Release(server!.Url("ghe/api/v3/"), owner, repo, i, $"v1.{i}")).ToList(),
                    server!.Url($"ghe/api/v3/repos/{owner}/{repo}/releases")));
            app.MapGet("/ghe/api/v3/repos/{owner}/{repo}/releases/tags/{tag}", (HttpContext context, string owner, string repo, string tag) =>
                FakeGitHubApi.WriteJsonAsync(context, new { message = "Not Found", documentation_url = "https://docs.github.com/rest" }, 404));
        });
        var client = GitHubConnection.CreateClient(Options(api.Url("ghe/api/v3")));

        var releases = await client.Repository.Release.GetAll("indygreg", "python-zstandard", new ApiOptions { PageSize = 2 });
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => client.Repository.Release.Get("indygreg", "python-zstandard", "v9"));

        Assert.That(releases.Select(r => r.TagName), Is.EqualTo(new[] { "v1.1", "v1.2", "v1.3", "v1.4", "v1.5" }));
        Assert.That(missing!.Message, Is.EqualTo("Not Found"));
        var requests = api.Requests.ToList();
        Assert.That(requests, Has.Count.EqualTo(4), "5 releases at 2 per page are 3 pages, then the tag lookup");
        Assert.That(requests.Select(r => r.Path), Is.All.StartWith("/ghe/api/v3/repos/indygreg/python-zstandard/releases"));
        Assert.That(requests.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + Token));
        Assert.That(requests.Select(r => r.Header("User-Agent")), Is.All.StartWith("DockerBuild"));
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

        var releases = await Client(api).Repository.Release.GetAll("o", "r");

        Assert.That(releases, Has.Count.EqualTo(1));
        Assert.That(calls, Is.EqualTo(2), "one refused call, one retried after the reset");
    }

    [Test]
    public async Task A_rate_limit_that_outlasts_the_allowed_wait_fails_naming_the_reset_time_and_GitHubs_message()
    {
        var reset = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        await using var api = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/repos/{owner}/{repo}/tags", (HttpContext context) => FakeGitHubApi.WriteRateLimitedAsync(context, reset)));
        var client = Client(api, maxWait: TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<GitHubRateLimitException>(() => client.Repository.GetAllTags("o", "r"));

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
        var client = Client(api, rateLimitRetries: 2);

        var error = await Assert.ThrowsAsync<GitHubRateLimitException>(() => client.Repository.GetAllTags("o", "r"));

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

        var error = await Assert.ThrowsAsync<ForbiddenException>(() => Client(api).Repository.GetAllTags("o", "r"));

        Assert.That(error!.Message, Is.EqualTo("Resource not accessible by integration"));
        Assert.That(api.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_tarball_is_downloaded_through_the_302_without_sending_the_token_to_the_other_origin()
    {
        // Both fakes are on 127.0.0.1: only the port tells the archive host from the API, as only the origin does.
        var content = Encoding.UTF8.GetBytes("pretend this is a gzip");
        await using var codeload = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/{**path}", (HttpContext context) => context.Response.Body.WriteAsync(content).AsTask()));
        await using var api = await LoopbackHttpServer.StartAsync(app => FakeGitHubApi.MapTarballRedirect(app, () => codeload.BaseUri));
        var options = Options(api.BaseUri);
        using var http = GitHubConnection.CreateDownloadClient(options);

        var url = GitHubConnection.Url(options, ApiUrls.RepositoryArchiveLink("indygreg", "python-zstandard", ArchiveFormat.Tarball, "0.21.0"));
        var downloaded = await http.GetByteArrayAsync(url);

        Assert.That(downloaded, Is.EqualTo(content));
        Assert.That(api.Requests.Single().Header("Authorization"), Is.EqualTo("Bearer " + Token));
        Assert.That(codeload.Requests.Single().Path, Is.EqualTo("/indygreg/python-zstandard/legacy.tar.gz/refs/tags/0.21.0"));
        Assert.That(codeload.Requests.Single().Header("Authorization"), Is.Null);
    }

    [Test]
    public async Task Release_assets_are_listed_with_their_digests_hashed_when_listed_without_uploaded_and_deleted()
    {
        var uploaded = new List<(string Name, string? ContentType, byte[] Body)>();
        var deleted = new List<long>();
        var stored = new byte[] { 9, 8, 7 };
        await using var objects = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/{**path}", () => Results.Bytes(stored, "application/octet-stream")));
        LoopbackHttpServer? server = null;
        await using var api = server = await LoopbackHttpServer.StartAsync(app =>
        {
            app.MapGet("/repos/{owner}/{repo}/releases/tags/{tag}", (HttpContext context, string owner, string repo, string tag) =>
                FakeGitHubApi.WriteJsonAsync(context, FakeGitHubApi.Release(server!.BaseUri, owner, repo, 7, tag)));
            app.MapGet("/repos/{owner}/{repo}/releases/{id:long}/assets", (HttpContext context, string owner, string repo) =>
                FakeGitHubApi.WritePageAsync(context, Enumerable.Range(1, 3).Select(i =>
                {
                    var asset = (Dictionary<string, object?>)FakeGitHubApi.Asset(server!.BaseUri, owner, repo, 100 + i, $"w{i}.whl", i);
                    asset["digest"] = i == 3 ? null : $"sha256:{new string((char)('a' + i), 64)}";
                    return asset;
                }).ToList(), server!.Url($"repos/{owner}/{repo}/releases/7/assets")));
            FakeGitHubApi.MapAssetDownloadRedirect(app, () => objects.BaseUri);
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
        var client = Client(api);

        var release = await client.Repository.Release.Get("o", "r", "v1");
        var assets = await ReleaseAssetWithDigest.ListAsync(client, "o", "r", release.Id, pageSize: 2);
        var digest = await assets[2].ComputeDigestAsync(client);
        var asset = await client.Repository.Release.UploadAsset(release,
            new ReleaseAssetUpload("zstandard-0.21.0-cp311-cp311-linux_aarch64.whl", "application/zip", new MemoryStream([1, 2, 3, 4, 5]), null));
        await client.Repository.Release.DeleteAsset("o", "r", asset.Id);

        Assert.That(assets.Select(a => (a.Name, a.Size, a.Digest?[..8])),
            Is.EqualTo(new (string, long, string?)[] { ("w1.whl", 1, "sha256:b"), ("w2.whl", 2, "sha256:c"), ("w3.whl", 3, null) }));
        Assert.That(digest, Is.EqualTo("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored))));
        Assert.That(api.CountRequests("/repos/o/r/releases/assets/103"), Is.EqualTo(1));
        Assert.That(objects.Requests.Single().Header("Authorization"), Is.Null, "the token stays with the API");
        Assert.That(uploaded, Has.Count.EqualTo(1));
        Assert.That(uploaded[0].Name, Is.EqualTo("zstandard-0.21.0-cp311-cp311-linux_aarch64.whl"));
        Assert.That(uploaded[0].ContentType, Is.EqualTo("application/zip"));
        Assert.That(uploaded[0].Body, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5 }));
        Assert.That(deleted, Is.EqualTo(new long[] { 555 }));
    }
}
