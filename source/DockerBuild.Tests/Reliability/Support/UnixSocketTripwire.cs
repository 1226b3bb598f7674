using System.Net.Sockets;

namespace DockerBuild.Tests.Reliability.Support;

/// <summary>
/// A unix socket that only counts who connects: given as DOCKER_HOST, it proves whether a run touched the engine
/// (it answers nothing, so a client that does connect fails rather than reaching the machine's dockerd).
/// </summary>
internal sealed class UnixSocketTripwire : IDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public UnixSocketTripwire()
    {
        Path = System.IO.Path.Combine("/tmp", $"tripwire-{Guid.NewGuid():N}"[..20] + ".sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(16);
        _ = AcceptAsync();
    }

    public string Path { get; }
    public string DockerHost => $"unix://{Path}";
    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        File.Delete(Path);
    }
}
