using DockerBuild.Tools.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DockerBuild.Tools.Cipd.Local;

/// <summary>
/// What the local store knows about one package: its instances (oldest first) with their registration times and
/// tags, and its refs. Kept as one JSON file per package, replaced atomically on every change.
/// </summary>
internal sealed class CipdPackageIndex
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    [JsonPropertyName("package")] public string Package { get; set; } = "";
    [JsonPropertyName("instances")] public List<InstanceRecord> Instances { get; set; } = [];
    [JsonPropertyName("refs")] public SortedDictionary<string, RefRecord> Refs { get; set; } = new(StringComparer.Ordinal);

    public InstanceRecord? Find(string instanceId) => Instances.FirstOrDefault(i => i.InstanceId == instanceId);

    public static async Task<CipdPackageIndex?> LoadAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file)) return null;
        await using var stream = File.OpenRead(file);
        try
        {
            return await JsonSerializer.DeserializeAsync<CipdPackageIndex>(stream, Json, cancellationToken)
                ?? throw new CipdStoreException($"the store index \"{file}\" is empty");
        }
        catch (JsonException e)
        {
            throw new CipdStoreException($"the store index \"{file}\" is corrupt: {e.Message}", e);
        }
    }

    public Task SaveAsync(string file, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllBytesAsync(file, JsonSerializer.SerializeToUtf8Bytes(this, Json), cancellationToken);

    internal sealed class InstanceRecord
    {
        [JsonPropertyName("instance_id")] public string InstanceId { get; set; } = "";
        [JsonPropertyName("registered_at")] public DateTimeOffset RegisteredAt { get; set; }
        [JsonPropertyName("size")] public long Size { get; set; }
        [JsonPropertyName("tags")] public List<TagRecord> Tags { get; set; } = [];
    }

    internal sealed class TagRecord
    {
        [JsonPropertyName("tag")] public string Tag { get; set; } = "";
        [JsonPropertyName("attached_at")] public DateTimeOffset AttachedAt { get; set; }
    }

    internal sealed class RefRecord
    {
        [JsonPropertyName("instance_id")] public string InstanceId { get; set; } = "";
        [JsonPropertyName("modified_at")] public DateTimeOffset ModifiedAt { get; set; }
    }
}
