using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DockerBuild.Tools.Cipd.Local;
using DockerBuild.Tools.IO;

namespace DockerBuild.Builds.Outputs;

/// <summary>
/// The JSON record written next to each built wheel (<c>foo-1.0-cp311-cp311-linux_aarch64.whl.json</c>), and the
/// reader of a whole wheels directory (<c>&lt;state-dir&gt;/wheels/&lt;platform&gt;/*.whl</c>). The wheel path is not
/// stored: it is the sidecar's own sibling, so a directory that was copied or downloaded as a CI artifact still reads.
/// </summary>
public static class BuiltWheelSidecar
{
    public const string Extension = ".json";
    private const int CurrentSchema = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Where the sidecar of <paramref name="wheelFile"/> lives.</summary>
    public static string PathFor(string wheelFile) => wheelFile + Extension;

    /// <summary>Hashes a finished wheel file and writes its record; what the build calls once per wheel.</summary>
    public static async Task<BuiltWheel> RecordAsync(string wheelFile, string platform, string name, string version, string buildKey,
        CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(wheelFile);
        var wheel = new BuiltWheel
        {
            WheelFile = path,
            Sha256 = await HashFileAsync(path, cancellationToken),
            Platform = platform,
            Name = name,
            Version = version,
            BuildKey = buildKey,
        };
        await WriteAsync(wheel, cancellationToken);
        return wheel;
    }

    /// <summary>Writes the sidecar of <paramref name="wheel"/> atomically next to its wheel file.</summary>
    public static async Task WriteAsync(BuiltWheel wheel, CancellationToken cancellationToken = default)
    {
        var record = new Record
        {
            Schema = CurrentSchema,
            File = wheel.FileName,
            Sha256 = wheel.Sha256,
            Platform = wheel.Platform,
            Name = wheel.Name,
            Version = wheel.Version,
            BuildKey = wheel.BuildKey,
        };
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n");
        await AtomicFile.WriteAllBytesAsync(PathFor(wheel.WheelFile), bytes, cancellationToken);
    }

    /// <summary>
    /// Reads the sidecar of <paramref name="wheelFile"/> and checks that the wheel beside it is the one it describes
    /// (name and sha256), so a wheel replaced after its build is never uploaded under the old record.
    /// </summary>
    public static async Task<BuiltWheel> ReadAsync(string wheelFile, CancellationToken cancellationToken = default)
    {
        var wheelPath = Path.GetFullPath(wheelFile);
        if (!File.Exists(wheelPath)) throw new BuiltWheelException($"built wheel '{wheelPath}' does not exist");
        var recorded = await ReadRecordAsync(wheelPath, cancellationToken);
        var actual = await HashFileAsync(wheelPath, cancellationToken);
        if (!string.Equals(actual, recorded.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new BuiltWheelException($"built wheel '{wheelPath}' has sha256 {actual} but its record says {recorded.Sha256}: "
                + "the file changed after the build; rebuild it with BuildWheel");
        return recorded with { Sha256 = actual };
    }

    /// <summary>
    /// What the sidecar of <paramref name="wheelFile"/> says, without reading the wheel (which may be missing or damaged):
    /// <see cref="BuiltWheel.Sha256"/> is the recorded hash. Throws when the record is missing or malformed.
    /// </summary>
    public static async Task<BuiltWheel> ReadRecordAsync(string wheelFile, CancellationToken cancellationToken = default)
    {
        var wheelPath = Path.GetFullPath(wheelFile);
        var sidecar = PathFor(wheelPath);
        if (!File.Exists(sidecar))
            throw new BuiltWheelException($"built wheel '{wheelPath}' has no record '{Path.GetFileName(sidecar)}' beside it "
                + "(the build writes one per wheel; rebuild it with BuildWheel)");

        Record record;
        try
        {
            record = JsonSerializer.Deserialize<Record>(await File.ReadAllTextAsync(sidecar, cancellationToken))
                ?? throw new JsonException("the file holds JSON null");
        }
        catch (JsonException e)
        {
            throw new BuiltWheelException($"wheel record '{sidecar}' is not valid JSON: {e.Message}");
        }
        if (record.Schema != CurrentSchema)
            throw new BuiltWheelException($"wheel record '{sidecar}' has schema {record.Schema}; this tool reads schema {CurrentSchema}");
        foreach (var (field, value) in new[] { ("file", record.File), ("sha256", record.Sha256), ("platform", record.Platform),
                     ("name", record.Name), ("version", record.Version), ("build_key", record.BuildKey) })
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new BuiltWheelException($"wheel record '{sidecar}': field '{field}' is missing or empty");
        }
        if (record.File != Path.GetFileName(wheelPath))
            throw new BuiltWheelException($"wheel record '{sidecar}' describes '{record.File}', not '{Path.GetFileName(wheelPath)}'");

        return new BuiltWheel
        {
            WheelFile = wheelPath,
            Sha256 = record.Sha256!.ToLowerInvariant(),
            Platform = record.Platform!,
            Name = record.Name!,
            Version = record.Version!,
            BuildKey = record.BuildKey!,
        };
    }

    /// <summary>
    /// Every built wheel under <paramref name="wheelsRoot"/> (<c>&lt;platform&gt;/*.whl</c>), ordered by platform and
    /// file name. A platform directory that does not exist contributes nothing; a wheel whose record names another
    /// platform than its directory is refused.
    /// </summary>
    public static async Task<IReadOnlyList<BuiltWheel>> ReadDirectoryAsync(string wheelsRoot, IEnumerable<string>? platforms = null,
        CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(wheelsRoot);
        if (!Directory.Exists(root)) return [];
        var directories = platforms is null
            ? Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>()
            : platforms;
        var wheels = new List<BuiltWheel>();
        foreach (var platform in directories.Distinct().Order(StringComparer.Ordinal))
        {
            var directory = Path.Combine(root, platform);
            if (!Directory.Exists(directory)) continue;
            foreach (var file in Directory.EnumerateFiles(directory, "*.whl").Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(file).StartsWith(AtomicFile.TemporaryPrefix, StringComparison.Ordinal)) continue;
                var wheel = await ReadAsync(file, cancellationToken);
                if (wheel.Platform != platform)
                    throw new BuiltWheelException($"built wheel '{file}' is in the directory of platform '{platform}' but its record says '{wheel.Platform}'");
                wheels.Add(wheel);
            }
        }
        return wheels;
    }

    /// <summary>Lower-case hex sha256 of a file.</summary>
    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private sealed record Record
    {
        [JsonPropertyName("schema")] public int Schema { get; init; }
        [JsonPropertyName("file")] public string? File { get; init; }
        [JsonPropertyName("sha256")] public string? Sha256 { get; init; }
        [JsonPropertyName("platform")] public string? Platform { get; init; }
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("version")] public string? Version { get; init; }
        [JsonPropertyName("build_key")] public string? BuildKey { get; init; }
    }
}

/// <summary>A built wheel or its record is missing, malformed or does not match.</summary>
public sealed class BuiltWheelException(string message) : Exception(message);
