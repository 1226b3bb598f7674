using System.Net.Security;
using System.Net.Sockets;

namespace DockerBuild.Tools.Docker.Transport;

/// <summary>
/// One connection to the engine opened by this client rather than by the HTTP pool, so the socket under it stays
/// reachable: an upgraded (hijacked) attach needs to half-close it when stdin ends.
/// </summary>
internal sealed class DialedConnection : IDisposable
{
    private readonly Socket _socket;
    private int _writeClosed;

    private DialedConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        Stream = stream;
    }

    /// <summary>What HTTP is spoken over: the socket's stream, or TLS over it.</summary>
    public Stream Stream { get; }

    /// <summary>Connects to the unix socket or TCP address of <paramref name="endpoint"/>, with TLS when it has TLS settings.</summary>
    public static async ValueTask<DialedConnection> ConnectAsync(DockerEndpoint endpoint, CancellationToken cancellationToken)
    {
        var socket = endpoint.IsUnixSocket
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (endpoint.IsUnixSocket)
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.SocketPath), cancellationToken);
            else
                await socket.ConnectAsync(endpoint.Address.Host, endpoint.Address.Port, cancellationToken);
            var network = new NetworkStream(socket, ownsSocket: true);
            if (endpoint.Tls is not { } tls)
                return new DialedConnection(socket, network);
            var ssl = new SslStream(network, leaveInnerStreamOpen: false);
            try
            {
                var options = EngineHandlerFactory.CreateSslOptions(tls, endpoint);
                options.TargetHost = endpoint.Address.Host;
                await ssl.AuthenticateAsClientAsync(options, cancellationToken);
            }
            catch
            {
                await ssl.DisposeAsync();
                throw;
            }
            return new DialedConnection(socket, ssl);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Half-closes the connection as the docker CLI does (CloseWrite): with TLS a close_notify first (the engine's TLS
    /// reader takes it as end-of-file; reading replies stays allowed), then a TCP or unix-socket shutdown of sending.
    /// </summary>
    public async Task CloseWriteAsync()
    {
        if (Interlocked.Exchange(ref _writeClosed, 1) == 1) return;
        if (Stream is SslStream ssl)
            await ssl.ShutdownAsync();
        _socket.Shutdown(SocketShutdown.Send);
    }

    public void Dispose() => Stream.Dispose();
}
