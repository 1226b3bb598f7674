using System.IO.Compression;
using DockerBuild.Builds.Containers;
using DockerBuild.Images.Recipe;
using DockerBuild.Platforms;
using DockerBuild.Tools.Elf;
using DockerBuild.Wheels.Policy;

namespace DockerBuild.Builds.Preparation;

/// <summary>
/// The target libraries a built wheel links, copied out of the platform's image (through the archive API, so a
/// remote engine works) into a per-image cache directory, where the repair step finds the ones it must graft.
/// A library already in the cache is not copied again.
/// </summary>
public static class TargetSysroot
{
    /// <summary>The cache directory of an image: <c>sysroots/&lt;platform&gt;/&lt;image content key&gt;</c>.</summary>
    public static string DirectoryFor(string sysrootsDirectory, string platform, string imageKey) =>
        Path.Combine(sysrootsDirectory, platform, imageKey);

    /// <summary>
    /// Copies every library the wheel's ELF files need (and the wheel does not carry), and the libraries those need in
    /// turn, into <paramref name="cacheDirectory"/>; glibc and the loader are never grafted, so they are left in the image.
    /// </summary>
    public static async Task CollectAsync(string wheelFile, PlatformSpec platform, IsolatedContainer container, string cacheDirectory,
        PairLog log, CancellationToken cancellationToken)
    {
        var pending = new Queue<string>(NeededLibraries(wheelFile));
        if (pending.Count == 0) return;
        var multiarch = CrossTarget.For(platform).Architecture.Multiarch;
        var seen = new HashSet<string>(pending, StringComparer.Ordinal);
        Directory.CreateDirectory(cacheDirectory);
        while (pending.TryDequeue(out var soname))
        {
            if (ManylinuxPolicy.Default.IsSystemLibrary(soname)) continue;
            var cached = Path.Combine(cacheDirectory, soname);
            var content = File.Exists(cached) ? await File.ReadAllBytesAsync(cached, cancellationToken) : null;
            if (content is null)
            {
                foreach (var directory in new[] { $"/usr/lib/{multiarch}", $"/lib/{multiarch}", "/usr/lib", "/lib" })
                {
                    content = await container.ReadFileFollowingLinksAsync($"{directory}/{soname}", cancellationToken);
                    if (content is not null) break;
                }
                if (content is null)
                {
                    log.Write($"sysroot: {soname} is not in the image's library directories");
                    continue;
                }
                await DockerBuild.Tools.IO.AtomicFile.WriteAllBytesAsync(cached, content, mode: null, cancellationToken);
                log.Write($"sysroot: copied {soname} ({content.Length} bytes) out of {container.Image}");
            }
            if (!ElfReader.IsElfMagic(content)) continue;
            foreach (var dependency in ElfReader.Read(cached, content).Needed)
                if (seen.Add(dependency)) pending.Enqueue(dependency);
        }
    }

    private static IReadOnlyList<string> NeededLibraries(string wheelFile)
    {
        using var zip = ZipFile.OpenRead(wheelFile);
        var carried = new HashSet<string>(StringComparer.Ordinal);
        var needed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            carried.Add(entry.Name);
            using var stream = entry.Open();
            using var content = new MemoryStream();
            stream.CopyTo(content);
            var bytes = content.ToArray();
            if (!ElfReader.IsElfMagic(bytes)) continue;
            foreach (var library in ElfReader.Read($"{wheelFile}!{entry.FullName}", bytes).Needed) needed.Add(library);
        }
        needed.ExceptWith(carried);
        return needed.ToList();
    }
}
