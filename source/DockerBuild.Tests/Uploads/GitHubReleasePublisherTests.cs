using System.Collections.Concurrent;
using System.Security.Cryptography;
using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Tests.Sources;
using DockerBuild.Tools.GitHub;
using DockerBuild.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace DockerBuild.Tests.Uploads;

/// <summary>
/// Publishing wheels as release assets through Octokit, against a loopback Kestrel fake that keeps the release's assets
/// and answers in GitHub's shapes (asset JSON with size and digest, 422 for a duplicate name), with a second server as
/// the storage host an asset's download redirects to.
/// </summary>
[TestFixture, Category("Upload")]
public sealed class GitHubReleasePublisherTests
{
    private const string Owner = "octo-org";
    private const string Repo = "wheels";
    private const string Tag = "v1.0.0";
    private const long ReleaseId = 42;

    /// <summary>The release's assets as the fake holds them.</summary>
    private sealed class FakeRelease
    {
        public ConcurrentDictionary<string, (long Id, byte[] Content, bool WithDigest)> Assets { get; } = new();
        private long _nextId = 100;
        public long NextId() => Interlocked.Increment(ref _nextId);
    }

    private static object AssetJson(Uri server, string name, (long Id, byte[] Content, bool WithDigest) asset)
    {
        var json = (Dictionary<string, object?>)FakeGitHubApi.Asset(server, Owner, Repo, asset.Id, name, asset.Content.Length);
        json["digest"] = asset.WithDigest ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(asset.Content)) : null;
        return json;
    }

    /// <summary>The fake API and the storage host its asset downloads redirect to.</summary>
    private sealed record FakeServers(LoopbackHttpServer Api, LoopbackHttpServer Storage) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Api.DisposeAsync();
            await Storage.DisposeAsync();
        }
    }

    private static async Task<FakeServers> StartAsync(FakeRelease release, bool releaseExists = true)
    {
        var storage = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/github-production-release-asset/{owner}/{repo}/{id:long}", (long id) =>
                Results.Bytes(release.Assets.Values.Single(a => a.Id == id).Content, "application/octet-stream")));
        LoopbackHttpServer? server = null;
        server = await LoopbackHttpServer.StartAsync(app =>
        {
            FakeGitHubApi.MapAssetDownloadRedirect(app, () => storage.BaseUri);
            app.MapGet("/repos/{owner}/{repo}/releases/tags/{tag}", (HttpContext context, string owner, string repo, string tag) =>
                releaseExists && tag == Tag
                    ? FakeGitHubApi.WriteJsonAsync(context, FakeGitHubApi.Release(server!.BaseUri, owner, repo, ReleaseId, tag))
                    : FakeGitHubApi.WriteJsonAsync(context, new Dictionary<string, string>
                    {
                        ["message"] = "Not Found",
                        ["documentation_url"] = "https://docs.github.com/rest/releases/releases#get-a-release-by-tag-name",
                    }, 404));
            app.MapGet("/repos/{owner}/{repo}/releases/{id:long}/assets", (HttpContext context, string owner, string repo, long id) =>
                FakeGitHubApi.WritePageAsync(context,
                    release.Assets.OrderBy(a => a.Value.Id).Select(a => AssetJson(server!.BaseUri, a.Key, a.Value)).ToList(),
                    server!.Url($"repos/{owner}/{repo}/releases/{id}/assets")));
            app.MapPost("/uploads/repos/{owner}/{repo}/releases/{id:long}/assets", async (HttpContext context) =>
            {
                var name = context.Request.Query["name"].ToString();
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                if (release.Assets.ContainsKey(name))
                {
                    await FakeGitHubApi.WriteJsonAsync(context, new Dictionary<string, object>
                    {
                        ["message"] = "Validation Failed",
                        ["request_id"] = "0000:0000:0000000:0000000:00000000",
                        ["documentation_url"] = "https://docs.github.com/rest/releases/assets#upload-a-release-asset",
                        ["errors"] = new[] { new Dictionary<string, string> { ["resource"] = "ReleaseAsset", ["code"] = "already_exists", ["field"] = "name" } },
                    }, 422);
                    return;
                }
                var asset = (release.NextId(), body.ToArray(), true);
                release.Assets[name] = asset;
                await FakeGitHubApi.WriteJsonAsync(context, AssetJson(server!.BaseUri, name, asset), 201);
            });
            app.MapDelete("/repos/{owner}/{repo}/releases/assets/{id:long}", (HttpContext context, long id) =>
            {
                var name = release.Assets.FirstOrDefault(a => a.Value.Id == id).Key;
                if (name is not null) release.Assets.TryRemove(name, out _);
                context.Response.StatusCode = name is null ? 404 : 204;
                return Task.CompletedTask;
            });
        });
        return new FakeServers(server, storage);
    }

    private static Task<IReadOnlyList<PublishedAsset>> PublishAsync(FakeServers fake, IReadOnlyList<BuiltWheel> wheels, bool replace = false)
        => GitHubReleasePublisher.PublishAsync(wheels, GitHubReleaseTarget.Parse($"{Owner}/{Repo}@{Tag}"),
            GitHubConnection.CreateClient(new GitHubClientOptions { BaseUrl = fake.Api.BaseUri, Token = "ghp_fake" }), replace, TextWriter.Null);

    [Test]
    public async Task Wheels_are_uploaded_once_and_a_rerun_skips_assets_with_the_same_size_and_digest()
    {
        using var scratch = new UploadScratch();
        var wheels = new[]
        {
            await scratch.WheelAsync("fastsum", "1.0.0", "linux-arm64-py3.11"),
            await scratch.WheelAsync("romanum", "1.0.0", "universal"),
        };
        var release = new FakeRelease();
        await using var fake = await StartAsync(release);

        var first = await PublishAsync(fake, wheels);
        Assert.That(first.Select(a => a.Action), Is.All.EqualTo(AssetAction.Uploaded));
        foreach (var wheel in wheels)
            Assert.That(release.Assets[wheel.FileName].Content, Is.EqualTo(File.ReadAllBytes(wheel.WheelFile)));
        var uploads = fake.Api.Requests.Where(r => r.Method == "POST").ToList();
        Assert.That(uploads, Has.Count.EqualTo(2));
        Assert.That(uploads.Select(r => r.Header("Content-Type")), Is.All.EqualTo("application/zip"));
        Assert.That(uploads.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer ghp_fake"));

        var second = await PublishAsync(fake, wheels);

        Assert.That(second.Select(a => a.Action), Is.All.EqualTo(AssetAction.AlreadyPresent));
        Assert.That(fake.Api.Requests.Count(r => r.Method is "POST" or "DELETE"), Is.EqualTo(2), "the rerun changed nothing");
    }

    [Test]
    public async Task A_different_asset_with_the_same_name_fails_naming_both_unless_replaced_deliberately()
    {
        using var scratch = new UploadScratch();
        var wheel = await scratch.WheelAsync("romanum", "1.0.0", "universal", payload: "new build");
        var release = new FakeRelease();
        var stale = new byte[] { 1, 2, 3, 4, 5 };
        release.Assets[wheel.FileName] = (7, stale, true);
        await using var fake = await StartAsync(release);

        var error = await Assert.ThrowsAsync<UploadException>(() => PublishAsync(fake, [wheel]));

        var staleDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stale));
        Assert.That(error!.Message, Does.Contain(wheel.FileName).And.Contain("asset 7 of 5 bytes").And.Contain(staleDigest)
            .And.Contain($"sha256:{wheel.Sha256}").And.Contain("--github-release-replace"));
        Assert.That(fake.Api.Requests.Count(r => r.Method is "POST" or "DELETE"), Is.Zero);
        Assert.That(release.Assets[wheel.FileName].Content, Is.EqualTo(stale));

        var replaced = await PublishAsync(fake, [wheel], replace: true);

        Assert.That(replaced.Single().Action, Is.EqualTo(AssetAction.Replaced));
        Assert.That(fake.Api.Requests.Where(r => r.Method is "POST" or "DELETE").Select(r => r.Method), Is.EqualTo(new[] { "DELETE", "POST" }));
        Assert.That(release.Assets[wheel.FileName].Content, Is.EqualTo(File.ReadAllBytes(wheel.WheelFile)));
    }

    [Test]
    public async Task An_older_asset_without_a_digest_is_compared_by_its_bytes_fetched_without_the_token()
    {
        using var scratch = new UploadScratch();
        var wheel = await scratch.WheelAsync("romanum", "1.0.0", "universal");
        var release = new FakeRelease();
        release.Assets[wheel.FileName] = (9, File.ReadAllBytes(wheel.WheelFile), false);
        await using var fake = await StartAsync(release);

        Assert.That((await PublishAsync(fake, [wheel])).Single().Action, Is.EqualTo(AssetAction.AlreadyPresent));
        Assert.That(fake.Api.Requests.Count(r => r.Path == $"/repos/{Owner}/{Repo}/releases/assets/9"), Is.EqualTo(1));
        Assert.That(fake.Storage.Requests.Single().Header("Authorization"), Is.Null, "the token stays with the API");
        Assert.That(fake.Api.Requests.Count(r => r.Method is "POST" or "DELETE"), Is.Zero);
    }

    [Test]
    public async Task An_older_asset_without_a_digest_of_the_same_name_and_size_but_other_bytes_is_a_clash()
    {
        using var scratch = new UploadScratch();
        var wheel = await scratch.WheelAsync("romanum", "1.0.0", "universal");
        var other = File.ReadAllBytes(wheel.WheelFile);
        other[^1] ^= 0xff;
        var release = new FakeRelease();
        release.Assets[wheel.FileName] = (9, other, false);
        await using var fake = await StartAsync(release);

        var error = await Assert.ThrowsAsync<UploadException>(() => PublishAsync(fake, [wheel]));

        var otherDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(other));
        Assert.That(error!.Message, Does.Contain($"asset 9 of {other.Length} bytes ({otherDigest})").And.Contain($"sha256:{wheel.Sha256}"));
        Assert.That(fake.Api.Requests.Count(r => r.Method is "POST" or "DELETE"), Is.Zero);
        Assert.That(release.Assets[wheel.FileName].Content, Is.EqualTo(other));
    }

    [Test]
    public async Task A_missing_release_is_reported_and_nothing_is_created()
    {
        using var scratch = new UploadScratch();
        var wheel = await scratch.WheelAsync("romanum", "1.0.0", "universal");
        await using var fake = await StartAsync(new FakeRelease(), releaseExists: false);

        var error = await Assert.ThrowsAsync<UploadException>(() => PublishAsync(fake, [wheel]));

        Assert.That(error!.Message, Does.Contain($"{Owner}/{Repo} has no release for tag '{Tag}'"));
        Assert.That(fake.Api.Requests.Count(r => r.Method != "GET"), Is.Zero);
    }

    [TestCase("octo-org/wheels@v1.2.0", "octo-org", "wheels", "v1.2.0")]
    [TestCase("a/b.c_d@release/2024", "a", "b.c_d", "release/2024")]
    public void Release_targets_parse(string text, string owner, string repo, string tag) =>
        Assert.That(GitHubReleaseTarget.Parse(text), Is.EqualTo(new GitHubReleaseTarget(owner, repo, tag)));

    [TestCase("octo-org/wheels")]
    [TestCase("wheels@v1")]
    [TestCase("octo org/wheels@v1")]
    [TestCase("octo-org/wheels@")]
    public void Malformed_release_targets_are_refused_with_an_example(string text)
    {
        var error = Assert.Throws<UploadException>(() => GitHubReleaseTarget.Parse(text));
        Assert.That(error!.Message, Does.Contain($"'{text}'").And.Contain("owner/repo@tag"));
    }
}
