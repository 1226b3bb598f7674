using System.Text;
using System.Text.Json;
using DockerBuild.Tools.Docker.Models;

namespace DockerBuild.Tools.Docker.Streams;

/// <summary>
/// Reads the engine's streamed JSON progress (one object per line), reports every message and turns an
/// <c>error</c> into <see cref="DockerStreamErrorException"/>.
/// </summary>
internal static class JsonMessageReader
{
    public static async Task<IReadOnlyList<JSONMessage>> ReadAllAsync(Stream stream, string operation, IProgress<JSONMessage>? progress, CancellationToken cancellationToken)
    {
        // Keep only what callers read back (aux results, digests); progress lines can be many thousands.
        var notable = new List<JSONMessage>();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            JSONMessage message;
            try
            {
                message = JsonSerializer.Deserialize<JSONMessage>(line, Transport.EngineConnection.Json)
                          ?? throw new JsonException("null message");
            }
            catch (JsonException e)
            {
                throw new DockerStreamErrorException(operation, $"the engine sent a progress line that is not JSON ({e.Message}): {line}", null);
            }
            progress?.Report(message);
            if (message.ErrorMessage is not null || message.Error?.Message is not null)
                throw new DockerStreamErrorException(operation, message.Error?.Message ?? message.ErrorMessage!, message.Error?.Code);
            if (message.Aux is not null || (message.Status?.StartsWith("Digest:", StringComparison.Ordinal) ?? false))
                notable.Add(message);
        }
        return notable;
    }
}
