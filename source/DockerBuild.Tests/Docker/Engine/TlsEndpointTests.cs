using System.Text;
using DockerBuild.Builds.Containers;
using DockerBuild.Tests.Docker.Support;
using DockerBuild.Tools.Engine;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Engine;

/// <summary>DOCKER_HOST=tcp://127.0.0.1:PORT with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH against a second, TLS-only dockerd.</summary>
[TestFixture]
[Category("Docker")]
public sealed class TlsEndpointTests
{
    private string _temp = "";
    private TestCertificates _certificates = null!;
    private SecondDockerDaemon? _daemon;

    [OneTimeSetUp]
    public async Task StartDaemonAsync()
    {
        _temp = Directory.CreateTempSubdirectory("dockerbuild-tls-").FullName;
        _certificates = await TestCertificates.CreateAsync(Path.Combine(_temp, "certs"));
        _daemon = await SecondDockerDaemon.StartAsync(_certificates);
    }

    [OneTimeTearDown]
    public void StopDaemon()
    {
        _daemon?.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    private ContainerEngine EngineWith(string certPath) => ContainerEngine.FromEnvironment(new Dictionary<string, string?>
    {
        ["DOCKER_HOST"] = _daemon!.TcpHost,
        ["DOCKER_TLS_VERIFY"] = "1",
        ["DOCKER_CERT_PATH"] = certPath,
        ["HOME"] = _temp,
    });

    [Test]
    public async Task VerifiedTlsClientImportsAndRunsOnTheRemoteEngine()
    {
        using var engine = EngineWith(_certificates.ClientDirectory);

        var version = await engine.GetVersionAsync(CancellationToken.None);
        using (var rootfs = BusyboxRootfs.Create())
            await engine.Images.ImportAsync(rootfs, "tls-test/busybox:1", new ImageImportSpec(), null, CancellationToken.None);
        using var stdout = new MemoryStream();
        var exit = await engine.Containers.RunAsync(new ContainerSpec
        {
            Image = "tls-test/busybox:1", Command = ["echo", "over tls"], NoNetwork = true,
        }, new ContainerStreams(stdout, Stream.Null), CancellationToken.None);

        Assert.That(engine.Endpoint, Is.EqualTo(_daemon!.TcpHost));
        Assert.That(version.ApiVersion, Is.GreaterThanOrEqualTo(new Version(1, 40)));
        Assert.That(exit, Is.Zero);
        Assert.That(Encoding.UTF8.GetString(stdout.ToArray()), Is.EqualTo("over tls\n"));
    }

    [Test]
    public async Task StdinOverTlsReachesTheCommandAndItsEndIsSeen()
    {
        using var engine = EngineWith(_certificates.ClientDirectory);
        using (var rootfs = BusyboxRootfs.Create())
            await engine.Images.ImportAsync(rootfs, "tls-test/busybox:1", new ImageImportSpec(), null, CancellationToken.None);
        var payload = System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024 * 1024);
        using var stdout = new MemoryStream();
        // cat ends only when the half-close (close_notify, then the TCP shutdown) reaches the engine as end-of-file.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await engine.Containers.RunAsync(new ContainerSpec
        {
            Image = "tls-test/busybox:1", Command = ["sh", "-c", "cat; echo end-seen"], NoNetwork = true,
        }, new ContainerStreams(stdout, Stream.Null) { Stdin = new MemoryStream(payload) }, guard.Token);

        Assert.That(exit, Is.Zero);
        Assert.That(stdout.ToArray(), Is.EqualTo(payload.Concat("end-seen\n"u8.ToArray()).ToArray()));
    }

    [Test]
    public async Task EachInputLineOverTlsIsAnsweredBeforeTheNextIsWritten()
    {
        using var engine = EngineWith(_certificates.ClientDirectory);
        using (var rootfs = BusyboxRootfs.Create())
            await engine.Images.ImportAsync(rootfs, "tls-test/busybox:1", new ImageImportSpec(), null, CancellationToken.None);
        // A conversation, as a long-lived container that takes work line by line holds one: the command prints nothing
        // until a line arrives, so a line written while the output is being waited for must still get through.
        var input = new System.IO.Pipelines.Pipe();
        var answers = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using var output = new ContainerOutputLines(lines => { foreach (var line in lines.Split('\n')) answers.Writer.TryWrite(line); });
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = engine.Containers.RunAsync(new ContainerSpec
        {
            Image = "tls-test/busybox:1", Command = ["sh", "-c", "while read -r line; do echo \"answer $line\"; done"], NoNetwork = true, Stdin = true,
        }, new ContainerStreams(output, Stream.Null) { Stdin = input.Reader.AsStream() }, guard.Token);

        var heard = new List<string>();
        foreach (var question in new[] { "one", "two", "three" })
        {
            await input.Writer.WriteAsync(Encoding.UTF8.GetBytes(question + "\n"), guard.Token);
            heard.Add(await answers.Reader.ReadAsync(guard.Token));
        }
        await input.Writer.CompleteAsync();
        var exit = await run;

        Assert.That(exit, Is.Zero);
        Assert.That(heard, Is.EqualTo(new[] { "answer one", "answer two", "answer three" }));
    }

    [Test]
    public async Task ServerCertificateFromAnotherCaIsRejected()
    {
        var other = await TestCertificates.CreateAsync(Path.Combine(_temp, "other-ca"));
        using var engine = EngineWith(other.ClientDirectory);

        var error = await Assert.ThrowsAsync<EngineUnreachableException>(() => engine.PingAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(_daemon!.TcpHost));
    }

    [Test]
    public async Task MissingClientCertificateIsRejectedByTheEngine()
    {
        var caOnly = Directory.CreateDirectory(Path.Combine(_temp, "ca-only")).FullName;
        File.Copy(_certificates.CaFile, Path.Combine(caOnly, "ca.pem"), overwrite: true);
        using var engine = EngineWith(caOnly);

        var error = await Assert.ThrowsAsync<EngineUnreachableException>(() => engine.PingAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(_daemon!.TcpHost));
    }
}
