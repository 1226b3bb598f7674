using System.Text;
using DockerBuild.Tests.Docker.Support;
using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Models;
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

    private DockerClient ClientWith(string certPath) => DockerClientConfiguration.FromEnvironment(new Dictionary<string, string?>
    {
        ["DOCKER_HOST"] = _daemon!.TcpHost,
        ["DOCKER_TLS_VERIFY"] = "1",
        ["DOCKER_CERT_PATH"] = certPath,
        ["HOME"] = _temp,
    }).CreateClient();

    [Test]
    public async Task VerifiedTlsClientImportsAndRunsOnTheRemoteEngine()
    {
        using var client = ClientWith(_certificates.ClientDirectory);

        var version = await client.System.GetVersionAsync();
        using (var rootfs = BusyboxRootfs.Create())
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromSrc = "-", Repo = "tls-test/busybox", Tag = "1" }, rootfs, null, null);
        using var stdout = new MemoryStream();
        var run = await client.Containers.RunAsync(new CreateContainerParameters
        {
            Image = "tls-test/busybox:1", Cmd = ["echo", "over tls"], HostConfig = new HostConfig { NetworkMode = "none" },
        }, stdout, Stream.Null);

        Assert.That(client.Endpoint, Is.EqualTo(_daemon!.TcpHost));
        Assert.That(version.ApiVersion, Is.Not.Empty);
        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(Encoding.UTF8.GetString(stdout.ToArray()), Is.EqualTo("over tls\n"));
    }

    [Test]
    public async Task StdinOverTlsReachesTheCommandAndItsEndIsSeen()
    {
        using var client = ClientWith(_certificates.ClientDirectory);
        using (var rootfs = BusyboxRootfs.Create())
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromSrc = "-", Repo = "tls-test/busybox", Tag = "1" }, rootfs, null, null);
        var payload = System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024 * 1024);
        using var stdout = new MemoryStream();
        // cat ends only when the half-close (close_notify, then the TCP shutdown) reaches the engine as end-of-file.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = await client.Containers.RunAsync(new CreateContainerParameters
        {
            Image = "tls-test/busybox:1", Cmd = ["sh", "-c", "cat; echo end-seen"], HostConfig = new HostConfig { NetworkMode = "none" },
        }, new ContainerRunStreams(stdout, Stream.Null) { Stdin = new MemoryStream(payload) }, guard.Token);

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(stdout.ToArray(), Is.EqualTo(payload.Concat("end-seen\n"u8.ToArray()).ToArray()));
    }

    [Test]
    public async Task ServerCertificateFromAnotherCaIsRejected()
    {
        var other = await TestCertificates.CreateAsync(Path.Combine(_temp, "other-ca"));
        using var client = ClientWith(other.ClientDirectory);

        var error = await Assert.ThrowsAsync<DockerEngineUnreachableException>(() => client.System.PingAsync());

        Assert.That(error!.Message, Does.Contain(_daemon!.TcpHost));
    }

    [Test]
    public async Task MissingClientCertificateIsRejectedByTheEngine()
    {
        var caOnly = Directory.CreateDirectory(Path.Combine(_temp, "ca-only")).FullName;
        File.Copy(_certificates.CaFile, Path.Combine(caOnly, "ca.pem"), overwrite: true);
        using var client = ClientWith(caOnly);

        var error = await Assert.ThrowsAsync<DockerEngineUnreachableException>(() => client.System.PingAsync());

        Assert.That(error!.Message, Does.Contain(_daemon!.TcpHost));
    }
}
