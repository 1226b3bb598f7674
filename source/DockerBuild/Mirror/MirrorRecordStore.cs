using DockerBuild.Tools.IO;
using System.Text.Json;

namespace DockerBuild.Mirror;

/// <summary>Reads and atomically writes mirror records.</summary>
public sealed class MirrorRecordStore(string stateDir)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Directory => Path.Combine(stateDir, "mirror");

    public string PathFor(string platform) => Path.Combine(Directory, platform + ".json");

    public MirrorRecord? Read(string platform)
    {
        var path = PathFor(platform);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<MirrorRecord>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path} is empty; delete it and run Mirror again.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid mirror record ({e.Message}); delete it and run Mirror again.", e);
        }
    }

    /// <summary>Writes the record atomically: a reader sees the old record or the new one, never a torn one.</summary>
    public Task WriteAsync(MirrorRecord record, CancellationToken cancellationToken = default) =>
        AtomicFile.WriteAllBytesAsync(PathFor(record.Platform), JsonSerializer.SerializeToUtf8Bytes(record, Json), cancellationToken);
}
