using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using DockerBuild.Builds;
using DockerBuild.Sources.Interning;
using DockerBuild.Tests.Data;
using DockerBuild.Tools.Cipd;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// A pinned source already interned in the package store is built from the store's package alone: its URL is never
/// fetched (it could not be: the host is unresolvable), the sdist's top-level directory is found, and the wheel is built.
/// </summary>
[TestFixture]
[Category("Docker")]
public sealed class InternedSourceTests
{
    [Test]
    public async Task AnInternedSdistIsBuiltFromTheStoreWithoutFetchingItsUrl()
    {
        var root = Path.Combine(SharedWheelBuilds.Root, $"interned-{Guid.NewGuid():N}");
        try
        {
            var state = Path.Combine(root, "state");
            var sdist = Path.Combine(root, "content", "fastsum-1.0.0.tar.gz");
            Directory.CreateDirectory(Path.GetDirectoryName(sdist)!);
            await WriteSdistAsync(Path.Combine(RepositoryRoot.Wheels, "local", "fastsum"), "fastsum-1.0.0", sdist);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(sdist)));
            var store = CipdRepositories.Create(state, null);
            var pin = await CipdPackageBuilder.BuildFromDirectoryAsync(SourcePackages.PackageName("fastsum"), Path.GetDirectoryName(sdist)!,
                Path.Combine(root, "fastsum.cipd"));
            await store.RegisterAsync(Path.Combine(root, "fastsum.cipd"));
            await store.SetTagsAsync(pin, [SourcePackages.VersionTag("1.0.0"), $"source_sha256:{sha256}"]);

            // zcodec is declared (not built) so the x64 image, whose target libraries come from every spec, is the shared one.
            var checkout = ScratchCheckout.Create(Path.Combine(root, "checkout"), ScratchCheckout.ShippedSpecs("zcodec") + $"""
                  - name: fastsum
                    version: 1.0.0
                    kind: SourceOrPrebuilt
                    source:
                      kind: url
                      url: https://sources.invalid/fastsum-1.0.0.tar.gz
                      sha256: {sha256}
                    test: |
                      import fastsum
                      assert fastsum.dot([1, 2, 3], [4, 5, 6]) == 32.0

                """, ["zcodec"]);
            var run = await SharedWheelBuilds.RunAsync(checkout, state, ["linux-x64-py3.11"], ["fastsum"]);

            var pair = run.Pair("fastsum", "linux-x64-py3.11");
            Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), run.Output);
            var log = run.LogOf("fastsum", "linux-x64-py3.11");
            Assert.That(log, Does.Contain($"source from the store: {pin}"));
            Assert.That(log, Does.Contain("verification passed"));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>An sdist-shaped archive: the project under one top-level <c>name-version/</c> directory.</summary>
    private static async Task WriteSdistAsync(string project, string top, string file)
    {
        await using var output = File.Create(file);
        await using var gzip = new GZipStream(output, CompressionLevel.Optimal);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, top + "/"));
        foreach (var path in Directory.GetFiles(project, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(project, path).Replace('\\', '/');
            if (relative.StartsWith("build/", StringComparison.Ordinal) || relative.Contains(".egg-info")) continue;
            await tar.WriteEntryAsync(path, $"{top}/{relative}");
        }
    }
}
