using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace DockerBuild.Tools.Docker.Transport;

/// <summary>Builds the HTTP handler that reaches an endpoint: a unix socket connector, or TCP with the TLS material.</summary>
internal static class EngineHandlerFactory
{
    public static SocketsHttpHandler Create(DockerEndpoint endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            // Streams (logs, pulls, builds) stay open for as long as the engine works; never time them out here.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            UseProxy = false,
        };
        if (endpoint.IsUnixSocket)
        {
            var path = endpoint.SocketPath;
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        else if (endpoint.Tls is { } tls)
        {
            handler.SslOptions = CreateSslOptions(tls, endpoint);
        }
        return handler;
    }

    internal static SslClientAuthenticationOptions CreateSslOptions(DockerTlsSettings tls, DockerEndpoint endpoint)
    {
        var options = new SslClientAuthenticationOptions();
        if (tls.CertificateFile is { } certFile && File.Exists(certFile))
        {
            var keyFile = tls.KeyFile!;
            if (!File.Exists(keyFile))
                throw new ArgumentException($"TLS client certificate {certFile} has no key: {keyFile} does not exist.");
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // A PEM-loaded key is ephemeral; round-tripping through PKCS#12 gives SslStream a key it can always use.
            options.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
        }
        if (!tls.VerifyServer)
        {
            options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            return options;
        }
        if (tls.CaFile is not { } caFile)
            return options; // verify against the system trust store
        if (!File.Exists(caFile))
            throw new ArgumentException($"DOCKER_TLS_VERIFY is set but the CA certificate {caFile} does not exist (DOCKER_CERT_PATH must hold ca.pem, cert.pem, key.pem) for {endpoint}.");
        var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
        return options;
    }
}
