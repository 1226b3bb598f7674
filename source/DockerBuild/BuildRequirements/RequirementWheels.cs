using System.Security.Cryptography;
using DockerBuild.Packaging;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.IO;
using DockerBuild.Tools.Pip;
using DockerBuild.Tools.Process;
using DockerBuild.Wheels;
using FileName = DockerBuild.Wheels.Archive.WheelFileName;

namespace DockerBuild.BuildRequirements;

/// <summary>A build requirement's wheel file on this machine, checked against the lock, and where it came from.</summary>
public sealed record ResolvedRequirement(BuildRequirement Requirement, string File, string Sha256, string Origin);

/// <summary>
/// Gets one pinned requirement's wheel for one build host: from the store when an instance of its package carries
/// the version and a locked file; otherwise from the index or --find-links (<c>pip download --no-deps
/// --only-binary=:all:</c> for the host's interpreter and tags), checked against the lock — a mismatch is refused
/// before anything is interned — then interned under the store's wheel naming, tagged <c>version:</c>. A file the
/// lock does not know yet is added to it.
/// </summary>
public sealed class RequirementWheels(ICipdRepository store, RequirementLock lockFile, RequirementSources sources, string scratch)
{
    public async Task<ResolvedRequirement> GetAsync(BuildRequirement requirement, RequirementHost host, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(scratch, $"{requirement.Key}-{requirement.Version}-{host.Platform.Name}");
        foreach (var locked in lockFile.For(requirement.Name, requirement.Version).Where(w => host.Accepts(w.FileName)))
        {
            var package = PackageOf(requirement, locked.FileName, host);
            if (await store.ResolveAsync(package, WheelPackageNames.VersionTag(requirement.Version), cancellationToken) is not { } pin) continue;
            var deployed = Path.Combine(directory, "store");
            await store.DeployAsync(pin, deployed, cancellationToken);
            var file = Path.Combine(deployed, locked.FileName);
            if (!File.Exists(file)) continue;
            var sha256 = await Sha256Async(file, cancellationToken);
            if (sha256 != locked.Sha256)
                throw new BuildRequirementException($"build requirement {requirement}: the store's {pin} holds {locked.FileName} with sha256 {sha256}, "
                    + $"but {lockFile.Path} locks {locked.Sha256}; the store is damaged. Remove that instance, or restore the lock from version control.");
            return new ResolvedRequirement(requirement, file, sha256, $"the store ({pin})");
        }
        if (!sources.Reachable)
            throw new BuildRequirementException(Unavailable(requirement, host, "no package index or --find-links is configured"));
        return await DownloadAsync(requirement, host, Path.Combine(directory, "download"), cancellationToken);
    }

    private async Task<ResolvedRequirement> DownloadAsync(BuildRequirement requirement, RequirementHost host, string destination,
        CancellationToken cancellationToken)
    {
        var python = ProcessRunner.Which("python3") ?? throw new BuildRequirementException("python3 is not on PATH; it runs pip to fetch build requirements.");
        Directory.CreateDirectory(destination);
        // The lock knows the wheel's size: one that cannot be downloaded, packed and stored here is said before pip starts.
        var expected = lockFile.For(requirement.Name, requirement.Version).Where(w => host.Accepts(w.FileName)).MaxBy(w => w.Size);
        if (expected is not null)
            DiskFullException.EnsureRoom(destination, 3 * expected.Size, $"build requirement {requirement} ({expected.FileName}, "
                + $"{DiskFullException.Mib(expected.Size)} MiB by {lockFile.Path}) is downloaded, packed and stored there; nothing was downloaded");
        var settings = new PipDownloadSettings
        {
            Requirements = [requirement.ToString()],
            Destination = destination,
            IndexUrl = string.IsNullOrEmpty(sources.IndexUrl) ? null : sources.IndexUrl,
            NoIndex = string.IsNullOrEmpty(sources.IndexUrl),
            FindLinks = sources.FindLinks,
            OnlyBinary = true,
            NoDependencies = true,
            Platforms = host.PlatformTags.Where(t => t != "any").ToList(),
            PythonVersion = host.Platform.Python,
            Implementation = "cp",
            Abis = host.Abis,
        };
        try
        {
            await new PipRunner(python).RunAsync(settings, cancellationToken: cancellationToken);
        }
        catch (ProcessFailedException e) when (e.Result.RanOutOfSpace)
        {
            // pip leaves its partial file; it goes before the line says what is free.
            Directory.Delete(destination, recursive: true);
            throw new DiskFullException(destination, expected?.Size ?? -1, DiskFullException.FreeBytes(destination), null,
                $"pip ran out of room downloading build requirement {requirement}");
        }
        catch (ProcessFailedException e)
        {
            var said = e.Result.StandardError.Trim().Split('\n').LastOrDefault(l => l.Contains("ERROR", StringComparison.Ordinal))?.Trim();
            throw new BuildRequirementException(Unavailable(requirement, host, $"{sources.Describe()} has no wheel of it for CPython {host.Platform.Python} "
                + $"on the build machine{(said is null ? "" : $" (pip: {said})")}"));
        }
        var file = Directory.GetFiles(destination, "*.whl").SingleOrDefault()
            ?? throw new BuildRequirementException($"pip download of build requirement {requirement} left no single wheel in {destination}.");
        var fileName = Path.GetFileName(file);
        var sha256 = await Sha256Async(file, cancellationToken);
        if (lockFile.Find(fileName) is { } locked)
        {
            if (locked.Sha256 != sha256)
                throw new BuildRequirementException($"build requirement {requirement}: {fileName} from {sources.Describe()} has sha256 {sha256}, but "
                    + $"{lockFile.Path} locks {locked.Sha256}. Refused, and nothing was interned: the download is not the file that was reviewed. "
                    + "If the index really republished it, check why, then delete its entry from the lock to accept the new file.");
        }
        else
            lockFile.Add(new LockedWheel(requirement.Name, requirement.Version, fileName, new FileInfo(file).Length, sha256));
        var pin = await InternAsync(requirement, file, host, cancellationToken);
        return new ResolvedRequirement(requirement, file, sha256, $"{sources.Describe()}, interned as {pin}");
    }

    private async Task<CipdPin> InternAsync(BuildRequirement requirement, string file, RequirementHost host, CancellationToken cancellationToken)
    {
        var package = PackageOf(requirement, Path.GetFileName(file), host);
        var packageFile = file + ".cipd";
        var built = await CipdPackageBuilder.BuildAsync(new CipdBuildOptions
        {
            PackageName = package,
            Files = [new() { Name = Path.GetFileName(file), SourcePath = file }],
            InstallMode = "symlink",
            CompressionLevel = 0,
        }, packageFile, cancellationToken);
        var tag = WheelPackageNames.VersionTag(requirement.Version);
        if (await store.ResolveAsync(package, tag, cancellationToken) is { } existing && existing.InstanceId != built.InstanceId)
            throw new BuildRequirementException($"build requirement {requirement}: the store's {package} {tag} is instance {existing.InstanceId}, "
                + $"which holds another file than {Path.GetFileName(file)} (instance {built.InstanceId}); a version in the store is immutable.");
        var pin = await store.RegisterAsync(packageFile, cancellationToken);
        await store.SetTagsAsync(pin, [tag], cancellationToken);
        File.Delete(packageFile);
        return pin;
    }

    /// <summary>The store package of a requirement wheel, named like every wheel of the store (universal, or per build-host platform).</summary>
    private static string PackageOf(BuildRequirement requirement, string fileName, RequirementHost host)
    {
        var name = FileName.Parse(fileName);
        return name.IsUniversal ? WheelPackageNames.Universal(requirement.Key, name) : WheelPackageNames.Binary(requirement.Key, host.Platform);
    }

    private string Unavailable(BuildRequirement requirement, RequirementHost host, string why) =>
        $"build requirement {requirement} (for CPython {host.Platform.Python} on the build machine) is neither in the store nor reachable: {why}. "
        + $"Provide it either way: pass --index-url <PEP 503 index> or --find-links <directory holding its wheel> once (the wheel is then checked "
        + $"against {lockFile.Path}, kept in the store, and used from there with no index); or declare a wheel spec {requirement} in wheels/, "
        + "which is built first, for the build machine.";

    private static async Task<string> Sha256Async(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
