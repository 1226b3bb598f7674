using DockerBuild.Tools.Cipd.Local;

namespace DockerBuild.Tools.Cipd.Inspection;

/// <summary>What is wrong with one thing in a local store.</summary>
public enum CipdDamageKind
{
    /// <summary>A package's index.json cannot be read: its tags and refs are unknown.</summary>
    UnreadableIndex,
    /// <summary>The index lists an instance whose file is not there.</summary>
    MissingInstanceFile,
    /// <summary>An instance file's bytes no longer hash to its instance ID.</summary>
    InstanceIdMismatch,
    /// <summary>The bytes are right but the index records another size.</summary>
    WrongRecordedSize,
    /// <summary>A ref names an instance the index does not list.</summary>
    DanglingRef,
    /// <summary>A tag CIPD would refuse.</summary>
    InvalidTag,
    /// <summary>One <c>key:value</c> tag on several instances, so resolving it fails.</summary>
    AmbiguousTag,
}

/// <summary>One damaged thing in a local store: which package, which instance/ref/tag, and the file that holds it.</summary>
public sealed record CipdStoreDamage(CipdDamageKind Kind, string Package, string? InstanceId, string? Name, string File, string Detail)
{
    public CipdPin? Pin => InstanceId is null ? null : new CipdPin(Package, InstanceId);
}

/// <summary>One instance the check read, with its tags, as the index holds them.</summary>
public sealed record CheckedInstance(CipdPin Pin, IReadOnlyList<string> Tags, IReadOnlyList<string> Refs, string File);

/// <summary>How many things of each kind the check read, and what of them is damaged.</summary>
public sealed record CipdStoreCheckResult(int Packages, int Instances, int Refs, int Tags, IReadOnlyList<CheckedInstance> Listed,
    IReadOnlyList<CipdStoreDamage> Damage);

/// <summary>
/// Reads every package index of a <see cref="LocalCipdRepository"/> and re-hashes every instance file against its
/// instance ID; checks that every ref names a listed instance and every tag is valid and unambiguous. It changes nothing:
/// what to do about the damage is the caller's decision (see <see cref="CipdStoreRepair"/>).
/// </summary>
public sealed class CipdStoreCheck(LocalCipdRepository store)
{
    public async Task<CipdStoreCheckResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var packagesDirectory = Path.Combine(store.Root, "packages");
        var damage = new List<CipdStoreDamage>();
        var listed = new List<CheckedInstance>();
        int packages = 0, refs = 0, tags = 0;
        if (!Directory.Exists(packagesDirectory)) return new CipdStoreCheckResult(0, 0, 0, 0, listed, damage);
        foreach (var indexFile in Directory.EnumerateFiles(packagesDirectory, "index.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            packages++;
            var package = Path.GetRelativePath(packagesDirectory, Path.GetDirectoryName(Path.GetDirectoryName(indexFile)!)!).Replace(Path.DirectorySeparatorChar, '/');
            CipdPackageIndex? index;
            try
            {
                index = await CipdPackageIndex.LoadAsync(indexFile, cancellationToken);
            }
            catch (CipdStoreException e)
            {
                damage.Add(new(CipdDamageKind.UnreadableIndex, package, null, null, indexFile, e.Message));
                continue;
            }
            if (index is null) continue;
            foreach (var instance in index.Instances)
            {
                var pin = new CipdPin(package, instance.InstanceId);
                var file = store.InstanceFile(pin);
                listed.Add(new CheckedInstance(pin, instance.Tags.Select(t => t.Tag).ToList(),
                    index.Refs.Where(r => r.Value.InstanceId == instance.InstanceId).Select(r => r.Key).ToList(), file));
                tags += instance.Tags.Count;
                if (await CheckInstanceFileAsync(pin, instance, file, cancellationToken) is { } problem) damage.Add(problem);
                foreach (var tag in instance.Tags.Where(t => CipdNames.ValidateTag(t.Tag) is not null))
                    damage.Add(new(CipdDamageKind.InvalidTag, package, instance.InstanceId, tag.Tag, indexFile, CipdNames.ValidateTag(tag.Tag)!));
            }
            foreach (var shared in index.Instances.SelectMany(i => i.Tags.Select(t => (t.Tag, i.InstanceId))).GroupBy(t => t.Tag).Where(g => g.Count() > 1))
                damage.Add(new(CipdDamageKind.AmbiguousTag, package, null, shared.Key, indexFile,
                    $"the tag is on {shared.Count()} instances: {string.Join(", ", shared.Select(s => s.InstanceId))}"));
            foreach (var (name, target) in index.Refs)
            {
                refs++;
                if (index.Find(target.InstanceId) is null)
                    damage.Add(new(CipdDamageKind.DanglingRef, package, target.InstanceId, name, indexFile, $"ref {name} names {target.InstanceId}, which the index does not list"));
            }
        }
        return new CipdStoreCheckResult(packages, listed.Count, refs, tags, listed, damage);
    }

    private static async Task<CipdStoreDamage?> CheckInstanceFileAsync(CipdPin pin, CipdPackageIndex.InstanceRecord instance, string file, CancellationToken cancellationToken)
    {
        if (CipdInstanceId.Validate(pin.InstanceId) is { } invalid)
            return new(CipdDamageKind.InstanceIdMismatch, pin.Package, pin.InstanceId, null, file, $"the index names an invalid instance ID: {invalid}");
        if (!File.Exists(file))
            return new(CipdDamageKind.MissingInstanceFile, pin.Package, pin.InstanceId, null, file, "the instance file is missing");
        await using (var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            if (!await CipdInstanceId.Parse(pin.InstanceId).MatchesAsync(input, cancellationToken))
                return new(CipdDamageKind.InstanceIdMismatch, pin.Package, pin.InstanceId, null, file, "its bytes no longer match its instance ID");
        }
        var size = new FileInfo(file).Length;
        return size == instance.Size ? null
            : new(CipdDamageKind.WrongRecordedSize, pin.Package, pin.InstanceId, null, file, $"the index records {instance.Size} bytes, the file has {size}");
    }
}
