using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Support;

/// <summary>
/// A CA, a server certificate for 127.0.0.1 (IP SAN) and a client certificate, made with openssl, laid out as
/// DOCKER_CERT_PATH expects (ca.pem, cert.pem, key.pem) next to the server's files.
/// </summary>
internal sealed class TestCertificates
{
    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }
    public string CaFile => Path.Combine(Directory, "ca.pem");
    public string ServerCertificate => Path.Combine(Directory, "server-cert.pem");
    public string ServerKey => Path.Combine(Directory, "server-key.pem");
    /// <summary>The client side, ready to be DOCKER_CERT_PATH.</summary>
    public string ClientDirectory => Path.Combine(Directory, "client");

    public static async Task<TestCertificates> CreateAsync(string directory)
    {
        if (ProcessRunner.Which("openssl") is null) Assert.Fail("openssl is needed to make test certificates; install it with: apt-get install -y openssl");
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "client"));
        var certs = new TestCertificates(directory);
        await OpensslAsync(directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=dockerbuild test CA");
        await IssueAsync(directory, "server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        await IssueAsync(directory, "client", "/CN=dockerbuild test client", "extendedKeyUsage=clientAuth\n");
        File.Copy(certs.CaFile, Path.Combine(certs.ClientDirectory, "ca.pem"));
        File.Move(Path.Combine(directory, "client-cert.pem"), Path.Combine(certs.ClientDirectory, "cert.pem"));
        File.Move(Path.Combine(directory, "client-key.pem"), Path.Combine(certs.ClientDirectory, "key.pem"));
        return certs;
    }

    private static async Task IssueAsync(string directory, string name, string subject, string extensions)
    {
        await File.WriteAllTextAsync(Path.Combine(directory, $"{name}.ext"), extensions);
        await OpensslAsync(directory, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", $"{name}-key.pem", "-out", $"{name}.csr", "-subj", subject);
        await OpensslAsync(directory, "x509", "-req", "-in", $"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
            "-out", $"{name}-cert.pem", "-days", "2", "-extfile", $"{name}.ext");
    }

    private static Task OpensslAsync(string directory, params string[] arguments) =>
        ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = "openssl", Arguments = arguments, WorkingDirectory = directory });
}
