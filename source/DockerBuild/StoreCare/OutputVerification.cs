using System.IO.Compression;
using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Packaging;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.IO;
using DockerBuild.Uploads;

namespace DockerBuild.StoreCare;

/// <summary>
/// The outputs part of <c>Store --verify</c>: every <c>&lt;state-dir&gt;/wheels/&lt;platform&gt;/*.whl</c> against its
/// <c>.whl.json</c> record. A wheel whose bytes changed is put back from the store when an instance tagged with its
/// build key holds a wheel with the recorded sha256; otherwise the wheel and its record go to the quarantine, and the
/// next BuildWheel builds the pair again.
/// </summary>
public sealed class OutputVerification(string wheelsDirectory, ICipdRepository store, Quarantine quarantine, StoreVerificationReport report, string scratchDirectory)
{
    private const string Area = "outputs";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(wheelsDirectory)) return;
        foreach (var platform in Directory.EnumerateDirectories(wheelsDirectory).Order(StringComparer.Ordinal))
        {
            var files = Directory.EnumerateFiles(platform).Where(f => !Path.GetFileName(f).StartsWith(AtomicFile.TemporaryPrefix, StringComparison.Ordinal)).ToList();
            foreach (var wheel in files.Where(f => f.EndsWith(".whl", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                await CheckAsync(wheel, cancellationToken);
            // A record whose wheel is gone: put the wheel back from the store, or move the record aside.
            foreach (var record in files.Where(f => f.EndsWith(".whl" + BuiltWheelSidecar.Extension, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var wheel = record[..^BuiltWheelSidecar.Extension.Length];
                if (!File.Exists(wheel)) await CheckAsync(wheel, cancellationToken);
            }
        }
    }

    private async Task CheckAsync(string wheel, CancellationToken cancellationToken)
    {
        BuiltWheel recorded;
        try
        {
            recorded = await BuiltWheelSidecar.ReadRecordAsync(wheel, cancellationToken);
        }
        catch (BuiltWheelException e)
        {
            var moved = MoveAside(wheel);
            report.Lost(Area, Path.GetFileName(wheel), wheel, $"{e.Message}; moved to {moved}; BuildWheel builds it again");
            return;
        }
        var actual = File.Exists(wheel) ? await BuiltWheelSidecar.HashFileAsync(wheel, cancellationToken) : null;
        if (actual == recorded.Sha256)
        {
            report.Fine(Area);
            return;
        }
        var problem = actual is null ? "the wheel is missing beside its record" : $"its sha256 is {actual} but its record says {recorded.Sha256}";
        var evidence = File.Exists(wheel) ? quarantine.MoveAside(wheel) : null;
        var kept = evidence is null ? "" : $"; the damaged file was moved to {evidence}";
        if (await RestoreFromStoreAsync(recorded, cancellationToken) is { } pin)
        {
            report.Repaired(Area, recorded.FileName, wheel, $"{problem}: restored from store instance {pin}{kept}");
            return;
        }
        var record = BuiltWheelSidecar.PathFor(wheel);
        var movedRecord = File.Exists(record) ? quarantine.MoveAside(record) : null;
        report.Lost(Area, recorded.FileName, wheel, $"{problem}, and no store instance holds the recorded bytes{kept}"
            + (movedRecord is null ? "" : $"; its record was moved to {movedRecord}") + "; BuildWheel builds it again");
    }

    /// <summary>Finds a stored wheel with the record's build key, file name and sha256 and writes it in place; its pin, or null.</summary>
    private async Task<CipdPin?> RestoreFromStoreAsync(BuiltWheel recorded, CancellationToken cancellationToken)
    {
        var tag = $"build_key:{recorded.BuildKey}";
        if (CipdNames.ValidateTag(tag) is not null) return null;
        foreach (var package in await store.ListPackagesAsync(WheelPackageNames.Prefix, cancellationToken))
        {
            foreach (var pin in await store.SearchAsync(package, tag, cancellationToken))
            {
                var fetched = Path.Combine(scratchDirectory, Guid.NewGuid().ToString("N") + ".cipd");
                Directory.CreateDirectory(scratchDirectory);
                try
                {
                    await store.FetchAsync(pin, fetched, cancellationToken);
                }
                catch (CipdStoreException)
                {
                    continue; // itself damaged: the store part of the check reports it
                }
                using var archive = ZipFile.OpenRead(fetched);
                if (archive.GetEntry(recorded.FileName) is not { } entry) continue;
                await using var output = AtomicFile.Create(recorded.WheelFile);
                await using (var input = entry.Open()) await input.CopyToAsync(output.Stream, cancellationToken);
                output.Stream.Position = 0;
                var sha = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(output.Stream, cancellationToken));
                if (sha != recorded.Sha256) continue;
                await output.CommitAsync(cancellationToken);
                return pin;
            }
        }
        return null;
    }

    private string MoveAside(string wheel)
    {
        var moved = File.Exists(wheel) ? quarantine.MoveAside(wheel) : wheel;
        var record = BuiltWheelSidecar.PathFor(wheel);
        if (File.Exists(record)) quarantine.MoveAside(record);
        return moved;
    }
}
