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

    /// <summary>Writes to a temporary file in the same directory, flushes it to disk, then renames it into place.</summary>
    public void Write(MirrorRecord record)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathFor(record.Platform);
        var temp = Path.Combine(Directory, $".{record.Platform}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, record, Json);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
