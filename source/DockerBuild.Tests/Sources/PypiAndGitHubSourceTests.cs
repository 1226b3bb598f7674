using System.Net;
using System.Text.Json;
using DockerBuild.Sources;
using DockerBuild.Sources.Acquisition;
using DockerBuild.Sources.Downloads;
using DockerBuild.Tools.Pip;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace DockerBuild.Tests.Sources;

[TestFixture]
[Category("Sources")]
public sealed class PypiAndGitHubSourceTests
{
    private static readonly byte[] Sdist = TestArchives.TarGz(("zstandard-0.21.0/PKG-INFO", "Name: zstandard\nVersion: 0.21.0\n"));
    private static readonly byte[] Wheel = [0x50, 0x4b, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static SourceSpec PypiSpec(string sha256) => new()
    {
        Kind = SourceKind.Pypi, Name = "zstandard", Package = "Zstandard", Version = "0.21.0", Sha256 = sha256, DeclaredAt = "wheels/zstandard.yaml:3",
    };

    /// <summary>A PEP 503/691 index: JSON for clients that ask for it (unless <paramref name="htmlOnly"/>), else HTML; files under /packages/.</summary>
    private static Task<LoopbackHttpServer> StartIndexAsync(bool htmlOnly, string? statedSha256 = null)
    {
        var sha = statedSha256 ?? TestArchives.Sha256(Sdist);
        return LoopbackHttpServer.StartAsync(app =>
        {
            app.MapGet("/simple/zstandard/", async (HttpContext context) =>
            {
                if (!htmlOnly && context.Request.Headers.Accept.ToString().Contains("application/vnd.pypi.simple.v1+json"))
                {
                    context.Response.ContentType = "application/vnd.pypi.simple.v1+json";
                    await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["meta"] = new Dictionary<string, string> { ["api-version"] = "1.1" },
                        ["name"] = "zstandard",
                        ["files"] = new object[]
                        {
                            new Dictionary<string, object> { ["filename"] = "zstandard-0.21.0-cp311-cp311-manylinux_2_17_x86_64.whl",
                                ["url"] = "../../packages/w/zstandard-0.21.0-cp311-cp311-manylinux_2_17_x86_64.whl", ["hashes"] = new Dictionary<string, string>(), ["yanked"] = false },
                            new Dictionary<string, object> { ["filename"] = "zstandard-0.20.0.tar.gz",
                                ["url"] = "../../packages/s/zstandard-0.20.0.tar.gz", ["hashes"] = new Dictionary<string, string>(), ["yanked"] = false },
                            new Dictionary<string, object> { ["filename"] = "zstandard-0.21.0.tar.gz",
                                ["url"] = "../../packages/s/zstandard-0.21.0.tar.gz", ["hashes"] = new Dictionary<string, string> { ["sha256"] = sha }, ["yanked"] = false },
                        },
                    }));
                    return;
                }
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync($"""
                    <!DOCTYPE html>
                    <html><head><meta name="pypi:repository-version" content="1.1"><title>Links for zstandard</title></head><body>
                    <h1>Links for zstandard</h1>
                    <a href="../../packages/w/zstandard-0.21.0-cp311-cp311-manylinux_2_17_x86_64.whl#sha256={TestArchives.Sha256(Wheel)}">zstandard-0.21.0-cp311-cp311-manylinux_2_17_x86_64.whl</a><br/>
                    <a href="../../packages/s/zstandard-0.21.0.tar.gz#sha256={sha}" data-requires-python="&gt;=3.7">zstandard-0.21.0.tar.gz</a><br/>
                    </body></html>
                    """);
            });
            app.MapGet("/packages/s/zstandard-0.21.0.tar.gz", () => Results.Bytes(Sdist, "application/gzip"));
            app.MapGet("/packages/w/{name}", () => Results.Bytes(Wheel));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task The_sdist_of_name_and_version_is_found_on_the_index_and_downloaded(bool htmlOnly)
    {
        await using var index = await StartIndexAsync(htmlOnly);
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state, indexUrl: index.Url("simple/").ToString()));

        var acquired = await acquirer.AcquireAsync(PypiSpec(TestArchives.Sha256(Sdist)));

        Assert.That(Path.GetFileName(acquired.File), Is.EqualTo("zstandard-0.21.0.tar.gz"));
        Assert.That(await File.ReadAllBytesAsync(acquired.File), Is.EqualTo(Sdist));
        Assert.That(index.Requests.First().Header("Accept"), Does.StartWith("application/vnd.pypi.simple.v1+json"));
        Assert.That(index.CountRequests("/packages/w/"), Is.Zero, "wheels are not sources");
    }

    [Test]
    public async Task Credentials_in_the_index_url_are_sent_to_the_index_host_as_basic_auth()
    {
        var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("builder:p@ss"));
        await using var index = await LoopbackHttpServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Headers.Authorization.ToString() != expected) { context.Response.StatusCode = 401; return; }
                await next(context);
            });
            app.MapGet("/simple/zstandard/", () => Results.Content(
                $"<a href=\"/packages/zstandard-0.21.0.tar.gz#sha256={TestArchives.Sha256(Sdist)}\">zstandard-0.21.0.tar.gz</a>", "text/html"));
            app.MapGet("/packages/zstandard-0.21.0.tar.gz", () => Results.Bytes(Sdist));
        });
        var withCredentials = new UriBuilder(index.Url("simple/")) { UserName = "builder", Password = "p%40ss" }.Uri;
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state, indexUrl: withCredentials.ToString()));

        var acquired = await acquirer.AcquireAsync(PypiSpec(TestArchives.Sha256(Sdist)));

        Assert.That(await File.ReadAllBytesAsync(acquired.File), Is.EqualTo(Sdist));
        Assert.That(index.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo(expected));
        Assert.That(index.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task An_index_stating_another_hash_than_the_pin_is_refused_before_downloading()
    {
        var other = new string('a', 64);
        await using var index = await StartIndexAsync(htmlOnly: true, statedSha256: other);
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state, indexUrl: index.Url("simple/").ToString()));

        var error = await Assert.ThrowsAsync<SourceSpecException>(() => acquirer.AcquireAsync(PypiSpec(TestArchives.Sha256(Sdist))));

        Assert.That(error!.Message, Does.Contain(other).And.Contain(TestArchives.Sha256(Sdist)).And.Contain("wheels/zstandard.yaml:3"));
        Assert.That(index.CountRequests("/packages/"), Is.Zero);
    }

    [Test]
    public async Task Without_any_index_configured_a_pypi_source_fails_asking_for_index_url()
    {
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state) with
        {
            PipConfiguration = new PipIndexConfiguration(_ => null, [state.Combine("missing-pip.conf")]),
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => acquirer.AcquireAsync(PypiSpec(TestArchives.Sha256(Sdist))));

        Assert.That(error!.Message, Does.Contain("--index-url").And.Contain("PIP_INDEX_URL").And.Contain("missing-pip.conf"));
    }

    [Test]
    public void Pip_configuration_follows_pips_precedence_environment_then_user_file_then_machine_file()
    {
        using var dir = new TemporaryDirectory();
        var user = dir.Combine("user.conf");
        var machine = dir.Combine("machine.conf");
        File.WriteAllText(user, "[install]\nindex_url = http://127.0.0.1:1/user/simple\n");
        File.WriteAllText(machine, "[global]\ncert = /x\nindex-url = http://127.0.0.1:1/machine/simple\n");

        var fromEnvironment = new PipIndexConfiguration(n => n == "PIP_INDEX_URL" ? "http://127.0.0.1:1/env/simple" : null, [user, machine]).Find();
        var fromUser = new PipIndexConfiguration(_ => null, [user, machine]).Find();
        var fromMachine = new PipIndexConfiguration(_ => null, [dir.Combine("absent.conf"), machine]).Find();

        Assert.That(fromEnvironment!.Url, Is.EqualTo("http://127.0.0.1:1/env/simple"));
        Assert.That(fromUser!.Url, Is.EqualTo("http://127.0.0.1:1/user/simple"));
        Assert.That(fromUser.Origin, Does.Contain(user));
        Assert.That(fromMachine!.Url, Is.EqualTo("http://127.0.0.1:1/machine/simple"));
    }

    [Test]
    public async Task A_github_tag_tarball_is_fetched_through_the_api_redirect_and_verified()
    {
        var tarball = TestArchives.TarGz(("python-zstandard-0.21.0/setup.py", "# setup\n"));
        await using var codeload = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/indygreg/python-zstandard/legacy.tar.gz/refs/tags/0.21.0", () => Results.Bytes(tarball, "application/x-gzip")));
        await using var api = await LoopbackHttpServer.StartAsync(app => FakeGitHubApi.MapTarballRedirect(app, () => codeload.BaseUri));
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state, gitHub: api.BaseUri));
        var spec = new SourceSpec
        {
            Kind = SourceKind.Github, Name = "zstandard", Version = "0.21.0", Repo = "indygreg/python-zstandard", Tag = "0.21.0",
            Sha256 = TestArchives.Sha256(tarball), DeclaredAt = "wheels/zstandard.yaml:9",
        };

        var acquired = await acquirer.AcquireAsync(spec);

        Assert.That(await File.ReadAllBytesAsync(acquired.File), Is.EqualTo(tarball));
        Assert.That(Path.GetFileName(acquired.File), Is.EqualTo("python-zstandard-0.21.0.tar.gz"));
        Assert.That(api.Requests.Single().Path, Is.EqualTo("/repos/indygreg/python-zstandard/tarball/0.21.0"));
        Assert.That(api.Requests.Single().Header("Authorization"), Is.EqualTo("Bearer test-token"));
        Assert.That(codeload.Requests.Single().Header("Authorization"), Is.Null, "the token stays with the API");

        using var again = new SourceAcquirer(TestArchives.Settings(state, gitHub: api.BaseUri));
        Assert.That((await again.AcquireAsync(spec)).Reused, Is.True);
        Assert.That(api.Requests, Has.Count.EqualTo(1), "a cached tarball costs no API call");
    }

    [Test]
    public async Task A_github_tag_the_repository_does_not_have_is_refused_naming_the_declaration()
    {
        await using var api = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/repos/{owner}/{repo}/tarball/{**gitRef}", (HttpContext context) =>
                FakeGitHubApi.WriteJsonAsync(context, new { message = "Not Found", documentation_url = "https://docs.github.com/rest/repos/contents" }, 404)));
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state, gitHub: api.BaseUri));
        var spec = new SourceSpec
        {
            Kind = SourceKind.Github, Name = "zstandard", Version = "0.99.0", Repo = "indygreg/python-zstandard", Tag = "0.99.0",
            Sha256 = new string('0', 64), DeclaredAt = "wheels/zstandard.yaml:9",
        };

        var error = await Assert.ThrowsAsync<SourceDownloadException>(() => acquirer.AcquireAsync(spec));

        Assert.That(error!.Message, Does.Contain("repos/indygreg/python-zstandard/tarball/0.99.0").And.Contain("wheels/zstandard.yaml:9")
            .And.Contain("404"));
        Assert.That(api.Requests, Has.Count.EqualTo(1), "a missing tag is not retried");
    }
}
