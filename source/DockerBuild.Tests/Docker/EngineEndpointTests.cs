using System.Security.Cryptography;
using System.Text;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Engine.Connection;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker;

[TestFixture]
[Category("Docker")]
public sealed class EngineEndpointTests
{
    private static EngineEndpoint FromEnvironment(params (string name, string value)[] variables) => FromEnvironment("/home/builder", variables);

    private static EngineEndpoint FromEnvironment(string home, params (string name, string value)[] variables)
    {
        var map = variables.ToDictionary(v => v.name, v => v.value);
        return EngineEndpoint.FromEnvironment(name => map.GetValueOrDefault(name), home);
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
    public void TcpWithTlsVerifyUsesTheCertPath()
    {
        var endpoint = FromEnvironment(("DOCKER_HOST", "tcp://10.0.0.5:2376"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", "/certs"));

        Assert.That(endpoint.ToString(), Is.EqualTo("tcp://10.0.0.5:2376"));
        Assert.That(endpoint.Tls, Is.EqualTo(new EngineTlsSettings("/certs", VerifyServer: true)));
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

        Assert.That(endpoint.Tls, Is.EqualTo(new EngineTlsSettings("/certs", VerifyServer: false)));
    }

    [Test]
    public void PlainTcpHasNoTls()
    {
        var endpoint = FromEnvironment(("DOCKER_HOST", "tcp://127.0.0.1:2375"));

        Assert.That(endpoint.ToString(), Is.EqualTo("tcp://127.0.0.1:2375"));
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
            var error = Assert.Throws<ArgumentException>(() => ContainerEngine.FromEnvironment(new Dictionary<string, string?>
            {
                ["DOCKER_HOST"] = "tcp://127.0.0.1:2376", ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = directory, ["HOME"] = directory,
            }).Dispose());

            Assert.That(error!.Message, Does.Contain(Path.Combine(directory, "ca.pem")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void WithoutDockerHostTheChosenDockerContextsEndpointIsUsed()
    {
        var home = Directory.CreateTempSubdirectory("dockerbuild-context-").FullName;
        try
        {
            // What 'docker context create builder --docker host=tcp://10.0.0.7:2375' writes, and 'docker context use builder'.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("builder")));
            var meta = Directory.CreateDirectory(Path.Combine(home, ".docker", "contexts", "meta", hash)).FullName;
            File.WriteAllText(Path.Combine(meta, "meta.json"), """{"Name":"builder","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://10.0.0.7:2375","SkipTLSVerify":false}}}""");
            File.WriteAllText(Path.Combine(home, ".docker", "config.json"), """{"currentContext":"builder"}""");

            Assert.That(FromEnvironment(home).ToString(), Is.EqualTo("tcp://10.0.0.7:2375"), "currentContext in config.json");
            Assert.That(FromEnvironment(home, ("DOCKER_HOST", "unix:///run/other.sock")).ToString(), Is.EqualTo("unix:///run/other.sock"), "DOCKER_HOST wins");
            Assert.That(FromEnvironment(home, ("DOCKER_CONTEXT", "default")).SocketPath, Is.EqualTo("/var/run/docker.sock"), "DOCKER_CONTEXT wins over the file");
            var missing = Assert.Throws<ArgumentException>(() => FromEnvironment(home, ("DOCKER_CONTEXT", "gone")));
            Assert.That(missing!.Message, Does.Contain("'gone'").And.Contain("docker context create"));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
