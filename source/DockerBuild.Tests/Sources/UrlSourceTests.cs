using System.Net;
using DockerBuild.Sources;
using DockerBuild.Sources.Acquisition;
using DockerBuild.Sources.Downloads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace DockerBuild.Tests.Sources;

[TestFixture]
[Category("Sources")]
public sealed class UrlSourceTests
{
    private static readonly byte[] Archive = TestArchives.TarGz(("zstandard-0.21.0/setup.py", "print('hi')\n"), ("zstandard-0.21.0/zstd.c", new string('z', 200_000)));

    private static SourceSpec Spec(Uri url, string sha256) => new()
    {
        Kind = SourceKind.Url, Name = "zstandard", Version = "0.21.0", Url = url.ToString(), Sha256 = sha256,
        DeclaredAt = "wheels/zstandard.yaml:12",
    };

    [Test]
    public async Task A_pinned_download_lands_in_the_cache_verified_with_progress_and_is_reused_without_a_second_request()
    {
        await using var server = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/files/zstandard-0.21.0.tar.gz", () => Results.Bytes(Archive, "application/gzip")));
        using var state = new TemporaryDirectory();
        var reports = new List<DownloadProgress>();
        var settings = TestArchives.Settings(state) with { Progress = new SynchronousProgress(reports.Add) };
        using var acquirer = new SourceAcquirer(settings);
        var spec = Spec(server.Url("files/zstandard-0.21.0.tar.gz"), TestArchives.Sha256(Archive));

        var first = await acquirer.AcquireAsync(spec);
        var second = await acquirer.AcquireAsync(spec);

        Assert.That(await File.ReadAllBytesAsync(first.File), Is.EqualTo(Archive));
        Assert.That(first.File, Is.EqualTo(Path.Combine(settings.CacheDirectory, "zstandard", "0.21.0", "zstandard-0.21.0.tar.gz")));
        Assert.That(first.Reused, Is.False);
        Assert.That(second.Reused, Is.True);
        Assert.That(server.CountRequests("/files/"), Is.EqualTo(1));
        Assert.That(reports.Last(), Is.EqualTo(new DownloadProgress("zstandard-0.21.0.tar.gz", Archive.Length, Archive.Length, Completed: true)));
    }

    [Test]
    public async Task Tampered_bytes_are_refused_once_naming_both_hashes_and_the_declaration_and_leave_nothing_in_the_cache()
    {
        var tampered = (byte[])Archive.Clone();
        tampered[^20] ^= 0xFF;
        await using var server = await LoopbackHttpServer.StartAsync(app => app.MapGet("/f.tar.gz", () => Results.Bytes(tampered)));
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state));

        var error = await Assert.ThrowsAsync<SourceHashMismatchException>(() => acquirer.AcquireAsync(Spec(server.Url("f.tar.gz"), TestArchives.Sha256(Archive))));

        Assert.That(error!.Message, Does.Contain(TestArchives.Sha256(Archive)).And.Contain(TestArchives.Sha256(tampered)).And.Contain("wheels/zstandard.yaml:12"));
        Assert.That(server.Requests, Has.Count.EqualTo(1), "a wrong hash is never retried");
        Assert.That(state.Files(), Is.Empty, "neither the file nor a temporary remains");
    }

    [Test]
    public async Task A_body_shorter_than_its_Content_Length_is_retried_then_refused_leaving_no_partial_file()
    {
        await using var server = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/f.tar.gz", (HttpContext context) => Misbehaviour.SendTruncatedAsync(context, Archive, Archive.Length / 2)));
        using var state = new TemporaryDirectory();
        var reports = new List<DownloadProgress>();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state) with { Progress = new SynchronousProgress(reports.Add) });

        var error = await Assert.ThrowsAsync<SourceDownloadException>(() => acquirer.AcquireAsync(Spec(server.Url("f.tar.gz"), TestArchives.Sha256(Archive))));

        Assert.That(error!.Message, Does.Contain("after 3 attempt(s)").And.Contain("wheels/zstandard.yaml:12"));
        Assert.That(server.Requests, Has.Count.EqualTo(3), "first attempt and two retries");
        Assert.That(reports.Max(r => r.ReceivedBytes), Is.GreaterThan(0).And.LessThan(Archive.Length), "part of the body did arrive");
        Assert.That(reports.Any(r => r.Completed), Is.False);
        Assert.That(state.Files(), Is.Empty);
    }

    [Test]
    public async Task An_interrupted_download_and_a_503_are_retried_and_the_third_attempt_succeeds()
    {
        var calls = 0;
        await using var server = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/f.tar.gz", (HttpContext context) => Interlocked.Increment(ref calls) switch
            {
                1 => Misbehaviour.SendTruncatedAsync(context, Archive, 1000),
                2 => Results.StatusCode(503).ExecuteAsync(context),
                _ => Results.Bytes(Archive).ExecuteAsync(context),
            }));
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state));

        var acquired = await acquirer.AcquireAsync(Spec(server.Url("f.tar.gz"), TestArchives.Sha256(Archive)));

        Assert.That(calls, Is.EqualTo(3));
        Assert.That(acquired.Sha256, Is.EqualTo(TestArchives.Sha256(Archive)));
        Assert.That(state.Files("state/sources"), Is.EqualTo(new[] { Path.Combine("zstandard", "0.21.0", "f.tar.gz") }));
    }

    [Test]
    public async Task A_404_is_refused_at_once_naming_the_status()
    {
        await using var server = await LoopbackHttpServer.StartAsync(app => app.MapGet("/other", () => "x"));
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state));

        var error = await Assert.ThrowsAsync<SourceDownloadException>(() => acquirer.AcquireAsync(Spec(server.Url("missing.tar.gz"), TestArchives.Sha256(Archive))));

        Assert.That(error!.Message, Does.Contain("404"));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_declaration_without_a_valid_pin_is_refused_naming_the_field_and_where_it_was_declared()
    {
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state));
        var spec = Spec(new Uri("http://127.0.0.1:9/f.tar.gz"), "abc123");

        var error = await Assert.ThrowsAsync<SourceSpecException>(() => acquirer.AcquireAsync(spec));

        Assert.That(error!.Message, Does.StartWith("wheels/zstandard.yaml:12").And.Contain("'sha256'").And.Contain("abc123"));
    }

    [Test]
    public async Task Download_progress_is_shown_as_a_few_lines_ending_with_done()
    {
        var large = new byte[3 << 20];
        new Random(7).NextBytes(large);
        await using var server = await LoopbackHttpServer.StartAsync(app => app.MapGet("/big.bin", () => Results.Bytes(large)));
        using var state = new TemporaryDirectory();
        var output = new StringWriter();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state) with { Progress = new LineDownloadProgress(output) });

        await acquirer.AcquireAsync(Spec(server.Url("big.bin"), TestArchives.Sha256(large)) with { Name = "big" });

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Length, Is.InRange(2, 12), "one line per tenth, not one per read");
        Assert.That(lines[^1].Trim(), Is.EqualTo("big.bin: done, 3.0 MiB / 3.0 MiB"));
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so the test sees every report.</summary>
    internal sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
