using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Packaging;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.IO;
using DockerBuild.Wheels.Archive;

namespace DockerBuild.Uploads;

/// <summary>
/// The Upload step: each built wheel becomes an instance of its CIPD package (the .whl stored uncompressed, install
/// mode symlink, as Chromium packages wheels), tagged <c>version:&lt;v&gt;</c> and <c>build_key:&lt;key&gt;</c>. Every
/// version tag is resolved first: an identical instance is skipped, a different one fails the run before anything is
/// registered. Then <c>latest</c> and the series refs of every package touched move to its highest version.
/// </summary>
public static class WheelUpload
{
    public static async Task<UploadReport> RunAsync(IReadOnlyList<BuiltWheel> wheels, IReadOnlyList<PlatformSpec> platforms,
        UploadSettings settings, ICipdRepository store, CancellationToken cancellationToken = default)
    {
        var log = settings.Log;
        var planned = Plan(wheels, platforms);
        var scratch = Path.Combine(Path.GetFullPath(settings.TemporaryDirectory), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            var entries = new List<UploadEntry>();
            var conflicts = new List<string>();
            var packageFiles = new Dictionary<UploadEntry, string>();
            foreach (var (wheel, package) in planned)
            {
                var packageFile = Path.Combine(scratch, $"{entries.Count}.cipd");
                var pin = await PackAsync(wheel, package, packageFile, cancellationToken);
                var tags = new[] { WheelPackageNames.VersionTag(wheel.Version), CipdNames.RequireTag($"build_key:{wheel.BuildKey}") };
                var existing = await store.ResolveAsync(package, tags[0], cancellationToken);
                if (existing is not null && existing.InstanceId != pin.InstanceId)
                {
                    conflicts.Add($"{package} {tags[0]} is already instance {existing.InstanceId}, but {wheel.FileName} ({wheel.Platform}) "
                        + $"packs to instance {pin.InstanceId}");
                    continue;
                }
                var action = existing is not null ? UploadAction.AlreadyPresent : settings.Upload ? UploadAction.Registered : UploadAction.WouldRegister;
                var entry = new UploadEntry(wheel, package, pin.InstanceId, tags, action);
                entries.Add(entry);
                packageFiles[entry] = packageFile;
            }
            if (conflicts.Count > 0)
                throw new UploadException("refusing to overwrite released versions (nothing was registered):" + Environment.NewLine
                    + string.Join(Environment.NewLine, conflicts.Select(c => "  " + c)) + Environment.NewLine
                    + "  A released version is immutable: bump the wheel's version (or its build suffix) to publish different bytes.");

            foreach (var entry in entries)
            {
                var what = $"{entry.Package} instance {entry.InstanceId} from {entry.Wheel.WheelFile} with tags {string.Join(", ", entry.Tags)}";
                switch (entry.Action)
                {
                    case UploadAction.AlreadyPresent:
                        log.WriteLine($"already registered (identical), skipped: {entry.Package} {entry.Tags[0]} = {entry.InstanceId}");
                        break;
                    case UploadAction.WouldRegister:
                        log.WriteLine($"would register {what}");
                        break;
                    case UploadAction.Registered:
                        var pin = await store.RegisterAsync(packageFiles[entry], cancellationToken);
                        if (pin.InstanceId != entry.InstanceId)
                            throw new UploadException($"the store registered {entry.Package} as {pin.InstanceId}, but the package built as {entry.InstanceId}");
                        await store.SetTagsAsync(pin, entry.Tags, cancellationToken);
                        log.WriteLine($"registered {what}");
                        break;
                }
            }

            var refs = new List<RefMove>();
            foreach (var package in entries.Select(e => e.Package).Distinct().Order(StringComparer.Ordinal))
            {
                var pending = entries.Where(e => e.Package == package && e.Action == UploadAction.WouldRegister).ToList();
                refs.AddRange(await MoveRefsAsync(store, package, pending, settings.Upload, log, cancellationToken));
            }
            if (!settings.Upload)
                log.WriteLine($"dry run: nothing was registered ({entries.Count(e => e.Action == UploadAction.WouldRegister)} would be); pass --upload to register.");
            return new UploadReport(entries, refs, DryRun: !settings.Upload);
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The package file of a wheel as Upload registers it; packing the same wheel under the same name always gives the same
    /// instance ID, which is how a damaged store instance is recognised in the outputs.
    /// </summary>
    public static Task<CipdPin> PackAsync(BuiltWheel wheel, string package, string packageFile, CancellationToken cancellationToken) =>
        DiskFullException.GuardAsync(packageFile, new FileInfo(wheel.WheelFile).Length, () => CipdPackageBuilder.BuildAsync(new CipdBuildOptions
        {
            PackageName = package,
            Files = [new() { Name = wheel.FileName, SourcePath = wheel.WheelFile }],
            InstallMode = "symlink",
            CompressionLevel = 0,
        }, packageFile, cancellationToken));

    /// <summary>Each wheel and its package; fails on unknown platforms, misnamed files and platforms sharing a package.</summary>
    private static List<(BuiltWheel Wheel, string Package)> Plan(IReadOnlyList<BuiltWheel> wheels, IReadOnlyList<PlatformSpec> platforms)
    {
        var planned = new List<(BuiltWheel, string)>();
        var produced = new List<(string, PlatformSpec)>();
        foreach (var wheel in wheels)
        {
            var platform = platforms.FirstOrDefault(p => p.Name == wheel.Platform)
                ?? throw new UploadException($"built wheel {wheel.WheelFile} is for platform '{wheel.Platform}', which is not one of "
                    + $"the platforms given ({string.Join(", ", platforms.Select(p => p.Name))})");
            WheelFileName file;
            try { file = WheelFileName.Parse(wheel.FileName); }
            catch (FormatException e) { throw new UploadException($"built wheel {wheel.WheelFile}: {e.Message}"); }
            if (SourceSpecReader.StoreName(file.Distribution) != SourceSpecReader.StoreName(wheel.Name)
                || !VersionsMatch(file.Version, wheel.Version))
                throw new UploadException($"built wheel {wheel.WheelFile} is {file.Distribution} {file.Version}, but its record says "
                    + $"{wheel.Name} {wheel.Version}");
            planned.Add((wheel, WheelPackageNames.For(wheel.Name, platform, file)));
            produced.Add((wheel.Name, platform));
        }
        PackageClashes.Check(produced);
        // An abi3 wheel is output once per CPython of its architecture, each a copy of one file: registered once.
        var twice = planned.GroupBy(p => (p.Item2, p.Item1.Version)).FirstOrDefault(g => g.Select(p => p.Item1.Sha256).Distinct().Count() > 1);
        if (twice is not null)
            throw new UploadException($"two built wheels would be {twice.Key.Item2} version {twice.Key.Version}: "
                + string.Join(" and ", twice.DistinctBy(p => p.Item1.Sha256).Select(p => p.Item1.WheelFile))
                + (twice.Key.Item2.EndsWith("_abi3", StringComparison.Ordinal)
                    ? ". They are abi3 wheels built separately for each CPython: declare 'abi3: <floor>' in the wheel's spec, so that it is built once per architecture."
                    : ""));
        return planned.DistinctBy(p => (p.Item2, p.Item1.Version)).ToList();
    }

    private static bool VersionsMatch(string fileVersion, string specVersion) => PythonVersion.SameVersion(fileVersion, specVersion);

    private static async Task<IReadOnlyList<RefMove>> MoveRefsAsync(ICipdRepository store, string package,
        IReadOnlyList<UploadEntry> pending, bool upload, TextWriter log, CancellationToken cancellationToken)
    {
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        var versioned = new List<VersionRefs.VersionedInstance>();
        foreach (var pin in await store.ListInstancesAsync(package, cancellationToken))
        {
            var description = await store.DescribeAsync(pin, cancellationToken);
            foreach (var refName in description.Refs) current[refName] = pin.InstanceId;
            foreach (var tag in description.Tags.Where(t => t.StartsWith("version:", StringComparison.Ordinal)))
                versioned.Add(new(PythonVersion.Parse(tag["version:".Length..], $"{package} instance {pin.InstanceId}"), pin));
        }
        foreach (var entry in pending)
            versioned.Add(new(PythonVersion.Parse(entry.Wheel.Version, $"{entry.Wheel}"), new CipdPin(package, entry.InstanceId)));

        var moves = new List<RefMove>();
        foreach (var (refName, target) in VersionRefs.Compute(versioned))
        {
            if (current.TryGetValue(refName, out var at) && at == target.Pin.InstanceId) continue;
            if (upload) await store.SetRefAsync(target.Pin, CipdNames.RequireRef(refName), cancellationToken);
            log.WriteLine($"{(upload ? "moved" : "would move")} ref {package}@{refName} to version {target.Version} ({target.Pin.InstanceId})");
            moves.Add(new RefMove(package, refName, target.Version.Text, target.Pin.InstanceId));
        }
        return moves;
    }
}
