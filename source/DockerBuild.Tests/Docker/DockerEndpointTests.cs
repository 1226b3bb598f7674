using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Transport;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker;

[TestFixture]
[Category("Docker")]
public sealed class DockerEndpointTests
{
    private static DockerEndpoint FromEnvironment(params (string name, string value)[] variables)
    {
        var map = variables.ToDictionary(v => v.name, v => v.value);
        return DockerEndpoint.FromEnvironment(name => map.GetValueOrDefault(name), "/home/builder");
    }

    [Test]
    public void NoDockerHostMeansTheDefaultUnixSocket()
    {
        var endpoint = FromEnvironment();

        Assert.That(endpoint.IsUnixSocket, Is.True);
        Assert.That(endpoint.SocketPath, Is.EqualTo("/var/run/docker.sock"));
        Assert.That(endpoint.Tls, Is.Null);
    }

    [Test]
    public void UnixDockerHostNamesTheSocket()
    {
        var endpoint = FromEnvironment(("DOCKER_HOST", "unix:///run/user/1000/docker.sock"));

        Assert.That(endpoint.SocketPath, Is.EqualTo("/run/user/1000/docker.sock"));
        Assert.That(endpoint.ToString(), Is.EqualTo("unix:///run/user/1000/docker.sock"));
    }

    [Test]
    public void TcpWithTlsVerifyUsesTheCertPathAndHttps()
    {
        var endpoint = FromEnvironment(("DOCKER_HOST", "tcp://10.0.0.5:2376"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", "/certs"));

        Assert.That(endpoint.HttpBaseAddress, Is.EqualTo(new Uri("https://10.0.0.5:2376/")));
        Assert.That(endpoint.Tls, Is.EqualTo(new DockerTlsSettings("/certs", VerifyServer: true)));
        Assert.That(endpoint.Tls!.CaFile, Is.EqualTo("/certs/ca.pem"));
        Assert.That(endpoint.Tls.CertificateFile, Is.EqualTo("/certs/cert.pem"));
        Assert.That(endpoint.Tls.KeyFile, Is.EqualTo("/certs/key.pem"));
    }

    [Test]
    public void TlsVerifyWithoutCertPathLooksInTheHomeDockerDirectory()
    {
        var endpoint = FromEnvironment(("DOCKER_HOST", "tcp://build-host:2376"), ("DOCKER_TLS_VERIFY", "1"));

        Assert.That(endpoint.Tls!.CertificateDirectory, Is.EqualTo("/home/builder/.docker"));
    }

    [Test]
    public void CertPathWithoutVerifyIsTlsWithoutServerVerification()
    {
        var endpoint = FromEnvironment(("DOCKER_HOST", "tcp://build-host:2376"), ("DOCKER_CERT_PATH", "/certs"));

        Assert.That(endpoint.Tls, Is.EqualTo(new DockerTlsSettings("/certs", VerifyServer: false)));
    }

    [Test]
    public void PlainTcpIsHttp()
    {
        var endpoint = FromEnvironment(("DOCKER_HOST", "tcp://127.0.0.1:2375"));

        Assert.That(endpoint.HttpBaseAddress, Is.EqualTo(new Uri("http://127.0.0.1:2375/")));
        Assert.That(endpoint.Tls, Is.Null);
    }

    [TestCase("ssh://builder@host", "unsupported scheme 'ssh'")]
    [TestCase("tcp://host", "has no port")]
    [TestCase("not a uri", "not a valid address")]
    public void BadDockerHostNamesTheValueAndWhatIsValid(string value, string problem)
    {
        var error = Assert.Throws<ArgumentException>(() => FromEnvironment(("DOCKER_HOST", value)));

        Assert.That(error!.Message, Does.Contain($"'{value}'").And.Contain(problem).And.Contain("expected"));
    }

    [Test]
    public void MissingCaFileIsNamedWhenVerifying()
    {
        var directory = Directory.CreateTempSubdirectory("dockerbuild-certs-").FullName;
        try
        {
            var configuration = DockerClientConfiguration.FromEnvironment(new Dictionary<string, string?>
            {
                ["DOCKER_HOST"] = "tcp://127.0.0.1:2376", ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = directory, ["HOME"] = directory,
            });

            var error = Assert.Throws<ArgumentException>(() => configuration.CreateClient().Dispose());

            Assert.That(error!.Message, Does.Contain(Path.Combine(directory, "ca.pem")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
