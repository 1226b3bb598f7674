using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Inspection;
using DockerBuild.Tools.Cipd.Local;

namespace DockerBuild.StoreCare;

/// <summary>
/// The store part of <c>Store --verify</c>: every package index, instance file, ref and tag of the local store. A
/// damaged instance is put back from a verified copy (<see cref="VerifiedCopies"/>) when one has its exact ID; otherwise
/// its file is moved into the quarantine and the index forgets it, so later runs make it again instead of stopping.
/// Every index is copied into the quarantine before it loses an entry.
/// </summary>
public sealed class StoreInstanceVerification(LocalCipdRepository store, VerifiedCopies copies, Quarantine quarantine, StoreVerificationReport report)
{
    private readonly CipdStoreRepair _repair = new(store);
    private readonly HashSet<string> _indexesCopied = new(StringComparer.Ordinal);

    /// <summary>Checks and repairs; returns true when the store's content changed (the pip index must then be rewritten).</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var check = await new CipdStoreCheck(store).RunAsync(cancellationToken);
        var damage = check.Damage;
        report.Fine("store indexes", check.Packages - damage.Count(d => d.Kind == CipdDamageKind.UnreadableIndex));
        report.Fine("store instances", check.Instances - damage.Where(d => d.Kind is CipdDamageKind.MissingInstanceFile or CipdDamageKind.InstanceIdMismatch
            or CipdDamageKind.WrongRecordedSize).Select(d => d.Pin).Distinct().Count());
        report.Fine("store refs", check.Refs - damage.Count(d => d.Kind == CipdDamageKind.DanglingRef));
        report.Fine("store tags", check.Tags - damage.Count(d => d.Kind is CipdDamageKind.InvalidTag));
        var changed = false;
        foreach (var problem in damage)
        {
            var instance = check.Listed.FirstOrDefault(i => i.Pin == problem.Pin);
            switch (problem.Kind)
            {
                case CipdDamageKind.UnreadableIndex:
                    var moved = quarantine.MoveAside(Path.GetDirectoryName(problem.File)!);
                    report.Lost("store indexes", $"package {problem.Package}", problem.File,
                        $"{problem.Detail}; its tags and refs are unknown, so the package (index and instances) was moved to {moved}; "
                        + "register it again (Sources --upload-sources, Upload --upload)");
                    changed = true;
                    break;
                case CipdDamageKind.MissingInstanceFile or CipdDamageKind.InstanceIdMismatch when instance is not null:
                    await RecoverInstanceAsync(instance, problem, cancellationToken);
                    changed = true;
                    break;
                case CipdDamageKind.WrongRecordedSize:
                    await _repair.CorrectRecordedSizeAsync(problem.Pin!, cancellationToken);
                    report.Repaired("store instances", problem.Pin!.ToString(), problem.File, $"{problem.Detail}; its bytes match its ID, so the size was corrected");
                    break;
                case CipdDamageKind.DanglingRef:
                    CopyIndexAside(problem.Package);
                    await _repair.ForgetRefAsync(problem.Package, problem.Name!, cancellationToken);
                    report.Lost("store refs", $"{problem.Package}@{problem.Name}", problem.File, $"{problem.Detail}; the ref was dropped; Upload --upload sets it again");
                    break;
                case CipdDamageKind.InvalidTag:
                    CopyIndexAside(problem.Package);
                    await _repair.ForgetTagAsync(problem.Pin!, problem.Name!, cancellationToken);
                    report.Lost("store tags", $"tag {problem.Name} of {problem.Pin}", problem.File, $"{problem.Detail}; the tag was dropped");
                    break;
                case CipdDamageKind.AmbiguousTag:
                    report.Lost("store tags", $"tag {problem.Name} of {problem.Package}", problem.File,
                        $"{problem.Detail}; which one is right cannot be told from the store, so it was left as it is: remove the wrong instance's tag by hand");
                    break;
            }
        }
        return changed;
    }

    private async Task RecoverInstanceAsync(CheckedInstance instance, CipdStoreDamage problem, CancellationToken cancellationToken)
    {
        var (package, reason) = await copies.FindAsync(instance, cancellationToken);
        var evidence = File.Exists(instance.File) ? quarantine.MoveAside(instance.File) : null;
        var kept = evidence is null ? "" : $"; the damaged file was moved to {evidence}";
        if (package is not null)
        {
            await _repair.RestoreInstanceFileAsync(instance.Pin, package.PackageFile, cancellationToken);
            report.Repaired("store instances", instance.Pin.ToString(), instance.File, $"{problem.Detail}: {package.From}{kept}");
            return;
        }
        CopyIndexAside(instance.Pin.Package);
        var refs = await _repair.ForgetInstanceAsync(instance.Pin, cancellationToken);
        var dropped = refs.Count == 0 ? "" : $" (and its refs {string.Join(", ", refs)})";
        report.Lost("store instances", instance.Pin.ToString(), instance.File,
            $"{problem.Detail}, and {reason}{kept}; the index no longer lists it{dropped}");
    }

    private void CopyIndexAside(string package)
    {
        if (!_indexesCopied.Add(package)) return;
        var index = store.IndexFile(package);
        if (File.Exists(index)) quarantine.CopyAside(index);
    }
}
