using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.X509;

namespace DockerBuild.Tools.Engine.Connection;

/// <summary>
/// TLS to a tcp:// engine as the docker CLI sets it up from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH. It adds to the
/// package's <see cref="CertificateCredentials"/> what that lacks: a CA-only setup (no client certificate), a server
/// left unverified when only DOCKER_CERT_PATH is set, and a server certificate that must also match the host name.
/// </summary>
internal sealed class CliTlsCredentials : IAuthProvider
{
    private readonly SslClientAuthenticationOptions _options;

    public CliTlsCredentials(EngineTlsSettings tls, EngineEndpoint endpoint)
    {
        _options = new SslClientAuthenticationOptions();
        if (tls.CertificateFile is { } certFile && File.Exists(certFile))
        {
            if (!File.Exists(tls.KeyFile))
                throw new ArgumentException($"TLS client certificate {certFile} has no key: {tls.KeyFile} does not exist.");
            _options.ClientCertificates = [DockerTlsCertificates.LoadCertificateFromPemFiles(certFile, tls.KeyFile!)];
        }
        if (!tls.VerifyServer)
        {
            _options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            return;
        }
        if (tls.CaFile is not { } caFile)
            return; // the system trust store
        if (!File.Exists(caFile))
            throw new ArgumentException($"DOCKER_TLS_VERIFY is set but the CA certificate {caFile} does not exist (DOCKER_CERT_PATH must hold ca.pem, cert.pem, key.pem) for {endpoint}.");
        var chainsToCa = DockerTlsCertificates.CreateCertificateAuthorityValidationCallback(DockerTlsCertificates.LoadCertificateAuthorityFromPemFile(caFile));
        _options.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) && chainsToCa(sender, certificate, chain, errors);
    }

    public bool TlsEnabled => true;

    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler)
    {
        if (handler is not SocketsHttpHandler sockets)
            throw new InvalidOperationException($"TLS to the engine needs the native HTTP transport, not {handler.GetType().Name}.");
        sockets.SslOptions = _options;
        return handler;
    }

    /// <summary>What was presented and checked, for a message about a failed handshake.</summary>
    public static string Describe(EngineTlsSettings tls)
    {
        var client = tls.CertificateFile is { } cert && File.Exists(cert) ? $"client certificate {cert}" : "no client certificate (cert.pem, key.pem)";
        var server = tls.VerifyServer ? $"server verified against {tls.CaFile ?? "the system CAs"}" : "server not verified";
        return $"TLS: {client}; {server}";
    }
}
