using System.Text.RegularExpressions;
using DockerBuild.Tools.Process;
using DockerBuild.Wheels;

namespace DockerBuild.Builds.Preparation;

/// <summary>
/// Applies a wheel spec's <c>patches:</c> (files in <c>wheels/patches/</c>) in order with GNU patch <c>-p1</c> to an
/// unpacked source on the host, before it is copied into the build container.
/// </summary>
public static partial class PatchApplication
{
    /// <summary>The program this class runs, for the host's prerequisites.</summary>
    public static readonly HostTool Patch = new("patch", "patch", "applies a wheel spec's patches to its source before BuildWheel builds it");

    /// <summary>The patch files of <paramref name="spec"/>, in order, with their bytes (for the build key).</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Read(WheelSpec spec)
    {
        var directory = PatchesDirectory(spec);
        return spec.Patches.Select(name =>
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
                throw new FileNotFoundException($"{spec.DeclaredAt}: patch '{name}' of {spec.Id} is not in {directory}", path);
            return (name, File.ReadAllBytes(path));
        }).ToList();
    }

    /// <summary>Applies every patch; a rejected hunk fails naming the patch, the file and GNU patch's own words.</summary>
    public static async Task ApplyAsync(WheelSpec spec, string sourceDirectory, PairLog log, CancellationToken cancellationToken)
    {
        if (spec.Patches.Count == 0) return;
        var patch = Patch.Locate() ?? throw new InvalidOperationException($"{spec.Id} declares patches, but {Patch.MissingMessage}");
        var directory = PatchesDirectory(spec);
        foreach (var name in spec.Patches)
        {
            var file = Path.Combine(directory, name);
            log.Write($"applying {file}");
            var result = await ProcessRunner.RunAsync(new ProcessSpec
            {
                FileName = patch,
                // --forward refuses an already-applied patch instead of reversing it; no .orig/.rej files in the source.
                Arguments = ["-p1", "--forward", "--batch", "--no-backup-if-mismatch", "--reject-file=-", "-d", sourceDirectory, "-i", file],
                OnLine = log.Write,
            }, cancellationToken);
            if (!result.Succeeded)
                throw new PatchFailedException($"patch '{name}' of {spec.Id} ({spec.DeclaredAt}) does not apply to its source {spec.Source?.Version}: "
                    + $"{Failures(result.StandardOutput + "\n" + result.StandardError)} — refresh the patch against this version, or drop it from 'patches:'.");
        }
    }

    /// <summary>
    /// GNU patch's complaints on one line, each under the file it was patching ("src/a.c: Hunk #1 FAILED at 4"); the
    /// files it patched cleanly are left out, so the message leads with what failed.
    /// </summary>
    public static string Failures(string patchOutput)
    {
        var failures = new List<string>();
        string? file = null;
        foreach (var line in patchOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("patching file ", StringComparison.Ordinal)) file = line["patching file ".Length..].Trim('\'', '"');
            else if (HunkSummary().IsMatch(line) || (line.StartsWith("Hunk #", StringComparison.Ordinal) && !line.Contains("FAILED", StringComparison.Ordinal))) continue;
            else failures.Add(file is null ? line : $"{file}: {line.TrimEnd('.')}");
        }
        return failures.Count > 0 ? string.Join("; ", failures) : patchOutput.Trim();
    }

    // "1 out of 2 hunks FAILED -- saving rejects to file -": the per-hunk lines already say which.
    [GeneratedRegex(@"^\d+ out of \d+ hunks? (FAILED|ignored)")]
    private static partial Regex HunkSummary();

    private static string PatchesDirectory(WheelSpec spec) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(spec.SourceFile)) ?? ".", "patches");
}

/// <summary>A patch did not apply; the message holds GNU patch's output naming the failed hunk.</summary>
public sealed class PatchFailedException(string message) : Exception(message);
