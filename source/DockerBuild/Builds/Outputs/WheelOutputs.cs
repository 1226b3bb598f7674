using DockerBuild.Tools.IO;

namespace DockerBuild.Builds.Outputs;

/// <summary>
/// The outputs store, <c>&lt;state-dir&gt;/wheels/&lt;platform&gt;/&lt;file&gt;.whl</c> with a sidecar record each:
/// looked up by build key before building, and written by atomic moves so a reader never sees half a wheel.
/// </summary>
public static class WheelOutputs
{
    /// <summary>An output of <paramref name="platform"/> whose record carries <paramref name="buildKey"/> and whose bytes still match it; else null.</summary>
    public static async Task<BuiltWheel?> FindAsync(string outputsDirectory, string platform, string buildKey, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(outputsDirectory, platform);
        if (!Directory.Exists(directory)) return null;
        foreach (var file in Directory.EnumerateFiles(directory, "*.whl").Order(StringComparer.Ordinal))
        {
            if (!File.Exists(BuiltWheelSidecar.PathFor(file))) continue;
            try
            {
                var wheel = await BuiltWheelSidecar.ReadAsync(file, cancellationToken);
                if (wheel.BuildKey == buildKey && wheel.Platform == platform) return wheel;
            }
            catch (BuiltWheelException)
            {
                // A changed or damaged output is not a hit; the build replaces it.
            }
        }
        return null;
    }

    /// <summary>Moves a verified wheel into the outputs (replacing a same-named one) and writes its record.</summary>
    public static async Task<BuiltWheel> StoreAsync(string verifiedWheel, string outputsDirectory, string platform, string name, string version,
        string buildKey, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(outputsDirectory, platform);
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, Path.GetFileName(verifiedWheel));
        // Copied next to the target first, then renamed: a reader (or a full disk) never leaves half a wheel.
        await DiskFullException.GuardAsync(target, new FileInfo(verifiedWheel).Length, async () =>
        {
            await using var output = AtomicFile.Create(target);
            await using (var source = File.OpenRead(verifiedWheel))
                await source.CopyToAsync(output.Stream, cancellationToken);
            await output.CommitAsync(cancellationToken);
        });
        var wheel = new BuiltWheel
        {
            WheelFile = target,
            Sha256 = await BuiltWheelSidecar.HashFileAsync(target, cancellationToken),
            Platform = platform,
            Name = name,
            Version = version,
            BuildKey = buildKey,
        };
        try
        {
            await BuiltWheelSidecar.WriteAsync(wheel, cancellationToken);
        }
        catch (DiskFullException)
        {
            // A wheel without its record (or beside a replaced wheel's old one) is half an output: neither stays.
            File.Delete(target);
            File.Delete(BuiltWheelSidecar.PathFor(target));
            throw;
        }
        await RemoveSupersededAsync(directory, wheel, cancellationToken);
        return wheel;
    }

    /// <summary>
    /// Removes other outputs of the same wheel version in the directory (an earlier build whose tag differed), so the
    /// directory holds one wheel per (name, version) and Upload never sees a superseded one.
    /// </summary>
    private static async Task RemoveSupersededAsync(string directory, BuiltWheel current, CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.whl").ToList())
        {
            if (file == current.WheelFile || !File.Exists(BuiltWheelSidecar.PathFor(file))) continue;
            BuiltWheel other;
            try { other = await BuiltWheelSidecar.ReadAsync(file, cancellationToken); }
            catch (BuiltWheelException) { continue; }
            if (other.Name != current.Name || other.Version != current.Version) continue;
            File.Delete(BuiltWheelSidecar.PathFor(file));
            File.Delete(file);
        }
    }
}
