using System.IO.Compression;
using System.Text;
using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Platforms;
using DockerBuild.Tests.Data;

namespace DockerBuild.Tests.Uploads;

/// <summary>
/// A temporary state directory for upload tests, with small real wheel files (zip archives with a dist-info) written
/// into <c>wheels/&lt;platform&gt;/</c> together with their records, as the build leaves them.
/// </summary>
internal sealed class UploadScratch : IDisposable
{
    public UploadScratch()
    {
        Root = Path.Combine(Path.GetTempPath(), "dockerbuild-upload-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }
    public string StateDirectory => Path.Combine(Root, "state");
    public string WheelsDirectory => Path.Combine(StateDirectory, "wheels");
    public string StoreDirectory => Path.Combine(StateDirectory, "cipd");
    public string IndexDirectory => Path.Combine(StateDirectory, "index");
    public string TemporaryDirectory => Path.Combine(StateDirectory, "temp", "upload");

    public string this[string relative] => Path.Combine(Root, relative);

    private static PlatformCatalog? _catalog;

    /// <summary>The checkout's platforms.</summary>
    public static PlatformCatalog Catalog => _catalog ??= PlatformCatalog.Load(RepositoryRoot.Platforms);

    public static PlatformSpec Platform(string name) => Catalog.Find(name) ?? throw new ArgumentException($"no platform {name}");

    /// <summary>
    /// Writes a wheel for <paramref name="platform"/> (binary tags from the platform, or py3-none-any for universal)
    /// whose content depends on <paramref name="payload"/>, plus its record; returns the record.
    /// </summary>
    public async Task<BuiltWheel> WheelAsync(string name, string version, string platform, string payload = "", string? pythonTag = null,
        string? buildKey = null)
    {
        var spec = Platform(platform);
        var distribution = name.Replace('-', '_').Replace('.', '_');
        var tags = spec.Kind == PlatformKind.Universal
            ? $"{pythonTag ?? "py3"}-none-any"
            : $"{pythonTag ?? spec.WheelAbi}-{spec.WheelAbi}-{spec.WheelPlat[^1]}";
        var file = Path.Combine(WheelsDirectory, platform, $"{distribution}-{version}-{tags}.whl");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await using (var stream = File.Create(file))
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            var stamp = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
            void Add(string entryName, string text)
            {
                var entry = zip.CreateEntry(entryName);
                entry.LastWriteTime = stamp;
                using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
            Add($"{distribution}/__init__.py", $"VALUE = {payload.Length}  # {payload}\n");
            Add($"{distribution}-{version}.dist-info/METADATA", $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nRequires-Python: >=3.9\n\n");
            Add($"{distribution}-{version}.dist-info/WHEEL", $"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: {tags}\n");
        }
        return await BuiltWheelSidecar.RecordAsync(file, platform, name, version, buildKey ?? new string('b', 64));
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
