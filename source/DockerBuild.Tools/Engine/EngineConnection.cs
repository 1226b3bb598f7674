using Docker.DotNet;
using Docker.DotNet.NativeHttp;
using Docker.DotNet.Unix;
using DockerBuild.Tools.Engine.Connection;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// The package's client for one endpoint, with every call checked against the API floor once and its failures turned
/// into the boundary's exceptions. It speaks through the package's native HTTP transport: over tcp:// its half-close
/// of an attached stdin sends TLS close_notify (the legacy transport's does not), and its responses read correctly
/// (the Unix transport breaks a chunked archive read the way a tar reader reads it). On a unix socket, though, the
/// native transport's attached stream cannot read while a write waits, so a command whose input and output both fill
/// their pipes stalls; attaching there goes through the Unix transport instead (<see cref="AttachClient"/>).
/// </summary>
internal sealed class EngineConnection : IDisposable
{
    /// <summary>The oldest API with everything used here (platform on create is 1.41; 1.40 still works without it).</summary>
    public static readonly Version MinimumApiVersion = new(1, 40);

    private readonly Lazy<HttpClient> _plain;
    private readonly SemaphoreSlim _versionGate = new(1, 1);
    private Docker.DotNet.Models.VersionResponse? _version;

    public EngineConnection(EngineEndpoint endpoint)
    {
        Endpoint = endpoint;
        var builder = new DockerClientBuilder().WithEndpoint(endpoint.Address).WithTimeout(Timeout.InfiniteTimeSpan);
        if (endpoint.Tls is { } tls) builder = builder.WithAuthProvider(new CliTlsCredentials(tls, endpoint));
        Client = builder.WithTransportOptions(new NativeHttpTransportOptions()).Build();
        AttachClient = endpoint.IsUnixSocket ? builder.WithTransportOptions(new UnixSocketTransportOptions()).Build() : Client;
        _plain = new Lazy<HttpClient>(() => EnginePlainRequests.Create(Client.Options));
    }

    public EngineEndpoint Endpoint { get; }
    public DockerClient Client { get; }

    /// <summary>The client to attach to a container with: stdin and output streamed both ways at once.</summary>
    public DockerClient AttachClient { get; }

    /// <summary>An HTTP client on the same transport, for the requests the package's models cannot make (see <see cref="EnginePlainRequests"/>).</summary>
    public HttpClient Plain => _plain.Value;

    /// <summary>Runs a call once the engine is known to speak the API floor; failures become <see cref="EngineException"/>s.</summary>
    public async Task<T> RunAsync<T>(Func<DockerClient, Task<T>> call, CancellationToken cancellationToken)
    {
        await EnsureSupportedAsync(cancellationToken);
        return await EngineErrors.TranslateAsync(() => call(Client), this);
    }

    public Task RunAsync(Func<DockerClient, Task> call, CancellationToken cancellationToken) =>
        RunAsync(async client => { await call(client); return true; }, cancellationToken);

    /// <summary>The engine's /version, asked once; an engine below <see cref="MinimumApiVersion"/> throws naming both versions.</summary>
    public async Task<Docker.DotNet.Models.VersionResponse> GetVersionAsync(CancellationToken cancellationToken)
    {
        if (_version is { } known) return known;
        await _versionGate.WaitAsync(cancellationToken);
        try
        {
            if (_version is { } raced) return raced;
            var version = await EngineErrors.TranslateAsync(() => Client.System.GetVersionAsync(cancellationToken), this);
            if (!Version.TryParse(version.APIVersion, out var api))
                throw new EngineException($"The Docker engine at {Endpoint} reported no usable API version (got '{version.APIVersion}').", version.APIVersion ?? "");
            if (api < MinimumApiVersion)
                throw new EngineException(
                    $"The Docker engine at {Endpoint} speaks API {api}; at least {MinimumApiVersion} is needed (Docker 19.03 or newer). Upgrade the engine, or point DOCKER_HOST at a newer one.",
                    $"API {api}");
            return _version = version;
        }
        finally
        {
            _versionGate.Release();
        }
    }

    private Task EnsureSupportedAsync(CancellationToken cancellationToken) => _version is null ? GetVersionAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Why a TLS endpoint could not be reached, with what was presented; the bare reason otherwise.</summary>
    public string DescribeFailure(string reason) => Endpoint.Tls is { } tls ? $"{reason} ({CliTlsCredentials.Describe(tls)})" : reason;

    public void Dispose()
    {
        if (_plain.IsValueCreated) _plain.Value.Dispose();
        if (AttachClient != Client) AttachClient.Dispose();
        Client.Dispose();
        _versionGate.Dispose();
    }
}
