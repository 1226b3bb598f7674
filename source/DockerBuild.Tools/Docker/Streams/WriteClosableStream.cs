namespace DockerBuild.Tools.Docker.Streams;

/// <summary>
/// A duplex stream whose sending side can be closed on its own (a half-close): the peer reads end-of-file while what
/// it sends back keeps arriving. An attached container's stdin ends this way while its output still flows.
/// </summary>
public abstract class WriteClosableStream : Stream
{
    /// <summary>Whether <see cref="CloseWriteAsync"/> can half-close this stream.</summary>
    public abstract bool CanCloseWrite { get; }

    /// <summary>Ends the sending side; reading goes on until the peer closes its own.</summary>
    public abstract Task CloseWriteAsync(CancellationToken cancellationToken = default);
}
