using DockerBuild.Tools.IO;

namespace DockerBuild.Tools.Cipd.Local;

/// <summary>
/// The few changes a repair makes to a local store's indexes and instance files, each under the store's writer lock:
/// put back an instance file from a verified package file, or forget an instance, ref or tag that cannot be recovered.
/// Moving damaged files aside before these run is the caller's job, so no evidence is lost here.
/// </summary>
public sealed class CipdStoreRepair(LocalCipdRepository store)
{
    /// <summary>Writes <paramref name="packageFile"/> as the instance file of <paramref name="pin"/>; refuses a file with another ID.</summary>
    public async Task RestoreInstanceFileAsync(CipdPin pin, string packageFile, CancellationToken cancellationToken = default)
    {
        var id = CipdInstanceId.Parse(pin.InstanceId);
        using var _ = await store.LockAsync(cancellationToken);
        var destination = store.InstanceFile(pin);
        await using (var copy = AtomicFile.Create(destination))
        {
            await using (var input = File.OpenRead(packageFile))
                await input.CopyToAsync(copy.Stream, cancellationToken);
            copy.Stream.Position = 0;
            if (!await id.MatchesAsync(copy.Stream, cancellationToken))
                throw new CipdStoreException($"refusing to restore {pin} from \"{packageFile}\": its bytes have another instance ID");
            await copy.CommitAsync(cancellationToken);
        }
        await ChangeIndexAsync(pin.Package, index =>
        {
            if (index.Find(pin.InstanceId) is { } record) record.Size = new FileInfo(destination).Length;
        }, cancellationToken);
    }

    /// <summary>Makes the index record the instance file's real size (its bytes were checked against the ID).</summary>
    public Task CorrectRecordedSizeAsync(CipdPin pin, CancellationToken cancellationToken = default) =>
        UpdateAsync(pin.Package, index =>
        {
            if (index.Find(pin.InstanceId) is { } record) record.Size = new FileInfo(store.InstanceFile(pin)).Length;
        }, cancellationToken);

    /// <summary>Drops an instance from its package's index, with every ref that names it; returns those refs.</summary>
    public async Task<IReadOnlyList<string>> ForgetInstanceAsync(CipdPin pin, CancellationToken cancellationToken = default)
    {
        var refs = new List<string>();
        await UpdateAsync(pin.Package, index =>
        {
            index.Instances.RemoveAll(i => i.InstanceId == pin.InstanceId);
            refs.AddRange(index.Refs.Where(r => r.Value.InstanceId == pin.InstanceId).Select(r => r.Key));
            foreach (var name in refs) index.Refs.Remove(name);
        }, cancellationToken);
        return refs;
    }

    /// <summary>Drops a ref from a package's index.</summary>
    public Task ForgetRefAsync(string package, string refName, CancellationToken cancellationToken = default) =>
        UpdateAsync(package, index => index.Refs.Remove(refName), cancellationToken);

    /// <summary>Drops a tag from one instance.</summary>
    public Task ForgetTagAsync(CipdPin pin, string tag, CancellationToken cancellationToken = default) =>
        UpdateAsync(pin.Package, index => index.Find(pin.InstanceId)?.Tags.RemoveAll(t => t.Tag == tag), cancellationToken);

    private async Task UpdateAsync(string package, Action<CipdPackageIndex> change, CancellationToken cancellationToken)
    {
        using var _ = await store.LockAsync(cancellationToken);
        await ChangeIndexAsync(package, change, cancellationToken);
    }

    /// <summary>Loads, changes and saves an index; the caller holds the lock (it is not re-entrant).</summary>
    private async Task ChangeIndexAsync(string package, Action<CipdPackageIndex> change, CancellationToken cancellationToken)
    {
        var index = await store.LoadIndexAsync(package, cancellationToken) ?? throw new CipdStoreException($"no such package {package} in the store \"{store.Root}\"");
        change(index);
        await index.SaveAsync(store.IndexFile(package), cancellationToken);
    }
}
