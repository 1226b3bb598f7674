namespace DockerBuild.Tools.Engine.Connection;

/// <summary>Where the engine listens: a unix socket or a TCP address, optionally with TLS.</summary>
public sealed record EngineEndpoint
{
    public const string DefaultUnixSocket = "/var/run/docker.sock";

    /// <summary>The address as the user wrote it (unix:///path or tcp://host:port).</summary>
    public required Uri Address { get; init; }
    /// <summary>TLS material; null speaks plain HTTP (unix sockets always do).</summary>
    public EngineTlsSettings? Tls { get; init; }

    public bool IsUnixSocket => Address.Scheme == "unix";

    /// <summary>The unix socket path (only for unix endpoints).</summary>
    public string SocketPath => IsUnixSocket ? Address.LocalPath : throw new InvalidOperationException($"{Address} is not a unix socket");

    public override string ToString() => Address.ToString().TrimEnd('/');

    /// <summary>
    /// Reads DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH the way the docker CLI does: TLS is used when either
    /// TLS variable is set; the server certificate is verified against ca.pem only when DOCKER_TLS_VERIFY is non-empty.
    /// </summary>
    public static EngineEndpoint FromEnvironment(Func<string, string?> getVariable, string homeDirectory)
    {
        var host = getVariable("DOCKER_HOST");
        if (string.IsNullOrWhiteSpace(host)) host = DockerContexts.Endpoint(getVariable, homeDirectory);
        if (host is null) return Unix(DefaultUnixSocket);

        var verify = !string.IsNullOrEmpty(getVariable("DOCKER_TLS_VERIFY"));
        var certPath = getVariable("DOCKER_CERT_PATH");
        var useTls = verify || !string.IsNullOrEmpty(certPath);
        if (string.IsNullOrEmpty(certPath)) certPath = Path.Combine(homeDirectory, ".docker");
        return Parse(host, useTls ? new EngineTlsSettings(certPath, verify) : null);
    }

    /// <summary>Parses unix:///path or tcp://host:port; anything else is rejected naming the value.</summary>
    public static EngineEndpoint Parse(string host, EngineTlsSettings? tls = null)
    {
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri))
            throw new ArgumentException($"DOCKER_HOST '{host}' is not a valid address; expected unix:///path/to/docker.sock or tcp://host:port.");
        switch (uri.Scheme)
        {
            case "unix":
                return Unix(string.IsNullOrEmpty(uri.LocalPath) || uri.LocalPath == "/" ? DefaultUnixSocket : uri.LocalPath);
            case "tcp":
            case "http":
            case "https":
                if (uri.Port <= 0)
                    throw new ArgumentException($"DOCKER_HOST '{host}' has no port; expected tcp://host:port (2375 plain, 2376 TLS).");
                return new EngineEndpoint { Address = new UriBuilder("tcp", uri.Host, uri.Port).Uri, Tls = tls ?? (uri.Scheme == "https" ? new EngineTlsSettings(null, true) : null) };
            default:
                throw new ArgumentException($"DOCKER_HOST '{host}' uses the unsupported scheme '{uri.Scheme}'; expected unix:// or tcp://.");
        }
    }

    public static EngineEndpoint Unix(string socketPath) => new() { Address = new Uri("unix://" + socketPath) };
}

/// <summary>
/// TLS for a tcp:// endpoint: the directory holding ca.pem, cert.pem and key.pem (as DOCKER_CERT_PATH does) and whether
/// the server certificate must chain to ca.pem.
/// </summary>
public sealed record EngineTlsSettings(string? CertificateDirectory, bool VerifyServer)
{
    public string? CaFile => CertificateDirectory is null ? null : Path.Combine(CertificateDirectory, "ca.pem");
    public string? CertificateFile => CertificateDirectory is null ? null : Path.Combine(CertificateDirectory, "cert.pem");
    public string? KeyFile => CertificateDirectory is null ? null : Path.Combine(CertificateDirectory, "key.pem");
}
