using DockerBuild.Tools.Cipd.Local;
using DockerBuild.Tools.IO;
using DockerBuild.Tools.Cipd.Packages;

namespace DockerBuild.Tools.Cipd;

/// <summary>
/// The embedded CIPD store: package files and their tags/refs under a root directory (the product uses
/// <c>&lt;state-dir&gt;/cipd/</c>). Layout: <c>packages/&lt;name&gt;/+/index.json</c> and
/// <c>packages/&lt;name&gt;/+/instances/&lt;instance-id&gt;.cipd</c> ('+' never occurs in package names, so no package
/// can collide with another's files). Writers hold <c>.lock</c>; every file is replaced atomically, and an instance
/// file is in place before the index names it, so an interrupted write never leaves a partial instance.
/// Instance files are re-hashed when registered, fetched and deployed.
/// </summary>
public sealed class LocalCipdRepository : ICipdRepository
{
    private const string InstanceExtension = ".cipd";

    public LocalCipdRepository(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>How long a writer waits for another process's lock before failing.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Where the "waiting for the lock" message goes.</summary>
    public TextWriter? WaitMessages { get; init; } = Console.Error;

    private string PackagesDirectory => Path.Combine(Root, "packages");
    private string PackageDirectory(string package) => Path.Combine(PackagesDirectory, Path.Combine(package.Split('/')), "+");
    /// <summary>Where a package's index (its instances, tags and refs) lives in the store.</summary>
    public string IndexFile(string package) => Path.Combine(PackageDirectory(package), "index.json");

    /// <summary>Where an instance's package file lives in the store.</summary>
    public string InstanceFile(CipdPin pin) => Path.Combine(PackageDirectory(pin.Package), "instances", pin.InstanceId + InstanceExtension);

    public Task<CipdPin> RegisterAsync(string packageFile, CancellationToken cancellationToken = default) =>
        RegisterAsync(packageFile, expectedInstanceId: null, cancellationToken);

    /// <summary>
    /// Registers a package file, idempotently. The ID is recomputed from the bytes; when
    /// <paramref name="expectedInstanceId"/> is given (SHA-256 or legacy SHA-1) and differs, the file is refused.
    /// </summary>
    public async Task<CipdPin> RegisterAsync(string packageFile, string? expectedInstanceId, CancellationToken cancellationToken = default)
    {
        var source = Path.GetFullPath(packageFile);
        if (!File.Exists(source)) throw new FileNotFoundException($"cannot register \"{source}\": no such file", source);
        var manifest = CipdPackageReader.Read(source).Manifest;
        var id = await CipdInstanceId.ComputeFileAsync(source, cancellationToken: cancellationToken);
        if (expectedInstanceId is not null)
        {
            var expected = CipdInstanceId.Parse(expectedInstanceId);
            var actual = expected.Algorithm == id.Algorithm ? id : await CipdInstanceId.ComputeFileAsync(source, expected.Algorithm, cancellationToken);
            if (!actual.Equals(expected))
                throw new CipdStoreException($"refusing to register \"{source}\": its instance ID is {actual} but {expected} was expected");
        }
        var pin = new CipdPin(manifest.PackageName, id.Value);

        using var _ = await LockAsync(cancellationToken);
        var index = await LoadIndexAsync(pin.Package, cancellationToken) ?? new CipdPackageIndex { Package = pin.Package };
        var destination = InstanceFile(pin);
        if (index.Find(pin.InstanceId) is not null && File.Exists(destination)) return pin;

        await DiskFullException.GuardAsync(destination, new FileInfo(source).Length, async () =>
        {
            await using var copy = AtomicFile.Create(destination);
            await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
                await input.CopyToAsync(copy.Stream, cancellationToken);
            copy.Stream.Position = 0;
            if (!await id.MatchesAsync(copy.Stream, cancellationToken))
                throw new CipdStoreException($"refusing to register \"{source}\": it changed while being copied into the store (expected {id})");
            await copy.CommitAsync(cancellationToken);
        });
        if (index.Find(pin.InstanceId) is null)
        {
            index.Instances.Add(new CipdPackageIndex.InstanceRecord
            {
                InstanceId = pin.InstanceId,
                RegisteredAt = DateTimeOffset.UtcNow,
                Size = new FileInfo(destination).Length,
            });
            try
            {
                await index.SaveAsync(IndexFile(pin.Package), cancellationToken);
            }
            catch (DiskFullException)
            {
                // No index names the instance: it goes too, so a full disk leaves the store as it was.
                File.Delete(destination);
                throw;
            }
        }
        return pin;
    }

    public async Task<CipdPin?> ResolveAsync(string package, string version, CancellationToken cancellationToken = default)
    {
        CipdNames.RequirePackageName(package);
        var kind = CipdNames.ClassifyVersion(version);
        var index = await LoadIndexAsync(package, cancellationToken);
        if (index is null) return null;
        switch (kind)
        {
            case CipdVersionKind.InstanceId:
                return index.Find(version) is null ? null : new CipdPin(package, version);
            case CipdVersionKind.Ref:
                return index.Refs.TryGetValue(version, out var target) ? new CipdPin(package, target.InstanceId) : null;
            default:
                var tagged = index.Instances.Where(i => i.Tags.Any(t => t.Tag == version)).ToList();
                if (tagged.Count > 1)
                    throw new CipdStoreException($"ambiguity when resolving the tag \"{version}\" of package {package}: it is on {tagged.Count} instances: {string.Join(", ", tagged.Select(i => i.InstanceId))}");
                return tagged.Count == 1 ? new CipdPin(package, tagged[0].InstanceId) : null;
        }
    }

    public async Task SetTagsAsync(CipdPin pin, IEnumerable<string> tags, CancellationToken cancellationToken = default)
    {
        var checkedTags = tags.Select(CipdNames.RequireTag).ToList();
        await UpdateAsync(pin, instance =>
        {
            foreach (var tag in checkedTags.Where(tag => instance.Tags.All(t => t.Tag != tag)))
                instance.Tags.Add(new CipdPackageIndex.TagRecord { Tag = tag, AttachedAt = DateTimeOffset.UtcNow });
        }, (_, _) => { }, cancellationToken);
    }

    public async Task SetRefAsync(CipdPin pin, string refName, CancellationToken cancellationToken = default)
    {
        CipdNames.RequireRef(refName);
        await UpdateAsync(pin, _ => { }, (index, p) =>
            index.Refs[refName] = new CipdPackageIndex.RefRecord { InstanceId = p.InstanceId, ModifiedAt = DateTimeOffset.UtcNow }, cancellationToken);
    }

    public async Task FetchAsync(CipdPin pin, string destinationFile, CancellationToken cancellationToken = default)
    {
        var source = await RequireInstanceFileAsync(pin, cancellationToken);
        await DiskFullException.GuardAsync(destinationFile, new FileInfo(source).Length, async () =>
        {
            await using var output = AtomicFile.Create(destinationFile);
            await using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
                await input.CopyToAsync(output.Stream, cancellationToken);
            output.Stream.Position = 0;
            if (!await CipdInstanceId.Parse(pin.InstanceId).MatchesAsync(output.Stream, cancellationToken))
                throw new CipdStoreException($"the stored file of {pin} (\"{source}\") no longer matches its instance ID: the store is corrupt; run ./build.sh Store --verify to repair it from verified copies or move it aside");
            await output.CommitAsync(cancellationToken);
        });
    }

    public async Task DeployAsync(CipdPin pin, string root, CancellationToken cancellationToken = default)
    {
        var source = await RequireInstanceFileAsync(pin, cancellationToken);
        await using (var input = File.OpenRead(source))
        {
            if (!await CipdInstanceId.Parse(pin.InstanceId).MatchesAsync(input, cancellationToken))
                throw new CipdStoreException($"the stored file of {pin} (\"{source}\") no longer matches its instance ID: the store is corrupt; run ./build.sh Store --verify to repair it from verified copies or move it aside");
        }
        await CipdPackageDeployer.DeployAsync(source, root, pin, cancellationToken);
    }

    public async Task<IReadOnlyList<CipdPin>> SearchAsync(string package, string tag, CancellationToken cancellationToken = default)
    {
        CipdNames.RequirePackageName(package);
        CipdNames.RequireTag(tag);
        var index = await LoadIndexAsync(package, cancellationToken);
        return index?.Instances.Where(i => i.Tags.Any(t => t.Tag == tag)).Select(i => new CipdPin(package, i.InstanceId)).ToList() ?? [];
    }

    public async Task<CipdInstanceDescription> DescribeAsync(CipdPin pin, CancellationToken cancellationToken = default)
    {
        var (index, instance) = await RequireInstanceAsync(pin, cancellationToken);
        var refs = index.Refs.Where(r => r.Value.InstanceId == pin.InstanceId).Select(r => r.Key).ToList();
        return new CipdInstanceDescription(pin, instance.RegisteredAt, instance.Tags.Select(t => t.Tag).ToList(), refs);
    }

    public Task<IReadOnlyList<string>> ListPackagesAsync(string prefix, CancellationToken cancellationToken = default)
    {
        if (CipdNames.ValidatePackagePrefix(prefix) is { } error) throw new CipdValidationException(error);
        var trimmed = prefix.TrimEnd('/');
        IReadOnlyList<string> packages = !Directory.Exists(PackagesDirectory) ? [] :
            Directory.EnumerateFiles(PackagesDirectory, "index.json", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(PackagesDirectory, Path.GetDirectoryName(Path.GetDirectoryName(f)!)!).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(p => trimmed.Length == 0 || p == trimmed || p.StartsWith(trimmed + "/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        return Task.FromResult(packages);
    }

    public async Task<IReadOnlyList<CipdPin>> ListInstancesAsync(string package, CancellationToken cancellationToken = default)
    {
        CipdNames.RequirePackageName(package);
        var index = await LoadIndexAsync(package, cancellationToken);
        return index?.Instances.Select(i => new CipdPin(package, i.InstanceId)).ToList() ?? [];
    }

    /// <summary>
    /// Deletes what a killed writer left in the store (a writer alive holds the lock, so none is in use): temporary
    /// files, and instance files no index names; returns how many. Readers already skip both.
    /// </summary>
    public async Task<int> RemoveAbandonedTemporariesAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(PackagesDirectory)) return 0;
        using var _ = await LockAsync(cancellationToken);
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(PackagesDirectory, AtomicFile.TemporaryPrefix + "*", SearchOption.AllDirectories))
        {
            File.Delete(file);
            removed++;
        }
        // A registration killed after its instance file landed but before its index named it leaves a complete,
        // invisible file: nothing refers to it, so it goes too (a rerun registers it again).
        foreach (var instances in Directory.EnumerateDirectories(PackagesDirectory, "instances", SearchOption.AllDirectories))
        {
            var packageDirectory = Path.GetDirectoryName(instances)!;
            CipdPackageIndex? index;
            try
            {
                index = await CipdPackageIndex.LoadAsync(Path.Combine(packageDirectory, "index.json"), cancellationToken);
            }
            catch (CipdStoreException)
            {
                continue; // an unreadable index may still name every file here: they are evidence for Store --verify, not litter
            }
            foreach (var file in Directory.EnumerateFiles(instances, "*" + InstanceExtension))
            {
                if (index?.Find(Path.GetFileNameWithoutExtension(file)) is not null) continue;
                File.Delete(file);
                removed++;
            }
        }
        return removed;
    }

    internal Task<CipdPackageIndex?> LoadIndexAsync(string package, CancellationToken cancellationToken) =>
        CipdPackageIndex.LoadAsync(IndexFile(package), cancellationToken);

    internal Task<CipdStoreLock> LockAsync(CancellationToken cancellationToken) =>
        CipdStoreLock.AcquireAsync(Path.Combine(Root, ".lock"), LockTimeout, WaitMessages, cancellationToken);

    private async Task UpdateAsync(CipdPin pin, Action<CipdPackageIndex.InstanceRecord> onInstance, Action<CipdPackageIndex, CipdPin> onIndex, CancellationToken cancellationToken)
    {
        CheckPin(pin);
        using var _ = await LockAsync(cancellationToken);
        var (index, instance) = await RequireInstanceAsync(pin, cancellationToken);
        onInstance(instance);
        onIndex(index, pin);
        await index.SaveAsync(IndexFile(pin.Package), cancellationToken);
    }

    private async Task<(CipdPackageIndex Index, CipdPackageIndex.InstanceRecord Instance)> RequireInstanceAsync(CipdPin pin, CancellationToken cancellationToken)
    {
        CheckPin(pin);
        var index = await LoadIndexAsync(pin.Package, cancellationToken)
            ?? throw new CipdStoreException($"no such package {pin.Package} in the store \"{Root}\"");
        var instance = index.Find(pin.InstanceId)
            ?? throw new CipdStoreException($"no such instance {pin} in the store \"{Root}\" (registered: {string.Join(", ", index.Instances.Select(i => i.InstanceId))})");
        return (index, instance);
    }

    private async Task<string> RequireInstanceFileAsync(CipdPin pin, CancellationToken cancellationToken)
    {
        await RequireInstanceAsync(pin, cancellationToken);
        var file = InstanceFile(pin);
        return File.Exists(file) ? file : throw new CipdStoreException($"the store \"{Root}\" lists {pin} but its file \"{file}\" is missing; run ./build.sh Store --verify");
    }

    private static void CheckPin(CipdPin pin)
    {
        CipdNames.RequirePackageName(pin.Package);
        CipdInstanceId.Parse(pin.InstanceId);
    }
}
