using System.Security.Cryptography;
using DockerBuild.BuildRequirements;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Sources.Acquisition;
using DockerBuild.Sources.Downloads;
using DockerBuild.Tests.Data;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tests.Sources;
using DockerBuild.Tests.Uploads;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.IO;
using DockerBuild.Tools.Pip;
using DockerBuild.Wheels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability.StoreCare;

/// <summary>
/// Large downloads into a state directory on a small tmpfs (4 MiB, 1 MiB of it free): a url or pypi source whose
/// Content-Length exceeds the free room, and a pinned build-requirement wheel the lock says is too big, are refused
/// in one line before a byte is written; a download of unannounced size that fills the disk stops at once (not
/// retried) and leaves no partial file. Served from a loopback HTTP server and a --find-links folder. Needs root.
/// </summary>
[TestFixture, Category("Reliability"), Category("StoreCare")]
public sealed class EarlySpaceCheckTests
{
    private const int BigMib = 8;
    private static readonly byte[] Big = RandomNumberGenerator.GetBytes(BigMib << 20);
    private static readonly string BigSha256 = Convert.ToHexStringLower(SHA256.HashData(Big));

    private string _work = null!;
    private SmallFilesystem _disk = null!;

    [SetUp]
    public async Task MountAsync()
    {
        _work = Directory.CreateTempSubdirectory("early-space-").FullName;
        _disk = await SmallFilesystem.MountAsync(Path.Combine(_work, "state"), sizeMib: 4);
        await _disk.FillAsync(3 << 20);
    }

    [TearDown]
    public async Task UnmountAsync()
    {
        if (_disk is not null) await _disk.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>Whole MiB free on the small disk, as the line says them (rounded down).</summary>
    private long DiskFree() => new DriveInfo(_disk.MountPoint).AvailableFreeSpace >> 20;

    private SourcesSettings Settings(List<DownloadProgress> reports, string? indexUrl = null) => new()
    {
        StateDirectory = _disk.MountPoint,
        IndexUrl = indexUrl,
        PipConfiguration = new PipIndexConfiguration(_ => null, []),
        Progress = new UrlSourceTests.SynchronousProgress(reports.Add),
        Retry = new DownloadRetryPolicy { MaxRetries = 2, InitialDelay = TimeSpan.FromMilliseconds(20), StallTimeout = TimeSpan.FromSeconds(10) },
    };

    [TestCase(SourceKind.Url)]
    [TestCase(SourceKind.Pypi)]
    public async Task ASourceLargerThanTheFreeRoomIsRefusedBeforeAByteIsWritten(SourceKind kind)
    {
        await using var server = await LoopbackHttpServer.StartAsync(app =>
        {
            app.MapGet("/files/bigpkg-1.0.tar.gz", () => Results.Bytes(Big, "application/gzip"));
            app.MapGet("/simple/bigpkg/", () => Results.Content(
                $"<html><body><a href=\"../../files/bigpkg-1.0.tar.gz#sha256={BigSha256}\">bigpkg-1.0.tar.gz</a></body></html>", "text/html"));
        });
        var url = server.Url("files/bigpkg-1.0.tar.gz");
        var spec = new SourceSpec
        {
            Kind = kind, Name = "bigpkg", Version = "1.0", Sha256 = BigSha256, DeclaredAt = "wheels/big.yaml:3",
            Url = kind == SourceKind.Url ? url.ToString() : null, Package = kind == SourceKind.Pypi ? "bigpkg" : null,
        };
        var reports = new List<DownloadProgress>();
        using var acquirer = new SourceAcquirer(Settings(reports, indexUrl: server.Url("simple/").ToString()));

        var e = (await Assert.ThrowsAsync<DiskFullException>(() => acquirer.AcquireAsync(spec)))!;

        var cache = Path.Combine(_disk.MountPoint, "sources", "bigpkg", "1.0");
        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Is.EqualTo($"no space left on {cache} (needed ≈{BigMib} MiB, free {DiskFree()} MiB): {url} is {BigMib} MiB (Content-Length); nothing was downloaded"));
            Assert.That(reports, Is.Empty, "not one chunk was written");
            Assert.That(server.CountRequests("/files/"), Is.EqualTo(1), "a full disk is not retried");
            Assert.That(_disk.Files(), Is.Empty);
        });
        ReliabilityLedger.Record($"Disk full: early check before a {kind.ToString().ToLowerInvariant()} source download",
            $"{BigMib} MiB source (Content-Length) into a state directory with 1 MiB free", $"\"{e.Message}\"; no chunk written, one request, nothing left");
    }

    [Test]
    public async Task ADownloadOfUnannouncedSizeThatFillsTheDiskStopsAtOnceAndLeavesNoPartialFile()
    {
        await using var server = await LoopbackHttpServer.StartAsync(app => app.MapGet("/files/bigpkg-1.0.tar.gz", async (HttpContext context) =>
        {
            // No Content-Length: sent chunked, as a dynamic origin would.
            for (var offset = 0; offset < Big.Length; offset += 1 << 18)
                await context.Response.Body.WriteAsync(Big.AsMemory(offset, 1 << 18), context.RequestAborted);
        }));
        var url = server.Url("files/bigpkg-1.0.tar.gz");
        var reports = new List<DownloadProgress>();
        using var acquirer = new SourceAcquirer(Settings(reports));

        var e = (await Assert.ThrowsAsync<DiskFullException>(() => acquirer.AcquireAsync(new SourceSpec
        {
            Kind = SourceKind.Url, Name = "bigpkg", Version = "1.0", Url = url.ToString(), Sha256 = BigSha256, DeclaredAt = "wheels/big.yaml:3",
        })))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Does.Match(@"^no space left on \S+/sources/bigpkg/1\.0 \(needed ≈[1-9] MiB, free [01] MiB\)$"));
            Assert.That(reports.Max(r => r.ReceivedBytes), Is.GreaterThan(0).And.LessThan(Big.Length), "it filled part-way");
            Assert.That(server.CountRequests("/files/"), Is.EqualTo(1), "a full disk is not retried");
            Assert.That(_disk.Files(), Is.Empty, "no partial file is left");
        });
        ReliabilityLedger.Record("Disk full: a download of unannounced size", $"{BigMib} MiB sent chunked into a state directory with 1 MiB free",
            $"\"{e.Message}\" once the disk filled; one request (no retry); no partial file");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task APinnedBuildRequirementTooBigForTheStateDirectoryIsSaidInOneLine(bool locked)
    {
        await RealPip.RequireAsync();
        var links = Directory.CreateDirectory(Path.Combine(_work, "links")).FullName;
        var wheelFile = Path.Combine(links, "bigtool-1.0-py3-none-any.whl");
        await File.WriteAllBytesAsync(wheelFile, BigWheel());
        var checkout = Directory.CreateDirectory(Path.Combine(_work, "wheels")).FullName;
        var lockFile = RequirementLock.Load(checkout);
        if (locked) lockFile.Add(new LockedWheel("bigtool", "1.0", Path.GetFileName(wheelFile), new FileInfo(wheelFile).Length,
            Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(wheelFile)))));
        var store = new LocalCipdRepository(Path.Combine(_disk.MountPoint, "cipd"));
        var wheels = new RequirementWheels(store, lockFile, new RequirementSources(null, [links]), Path.Combine(_disk.MountPoint, "temp", "build-requirements"));
        var host = new RequirementHost(PlatformCatalog.Load(RepositoryRoot.Platforms).All.First(p => p.Name == "linux-x64-py3.11"));

        var e = (await Assert.ThrowsAsync<DiskFullException>(() => wheels.GetAsync(new BuildRequirement("bigtool", "1.0"), host, CancellationToken.None)))!;

        // With the lock the size is known before pip starts; without it pip runs, and its own "[Errno 28]" becomes the line.
        var expected = locked
            ? @"^no space left on \S+/temp/build-requirements/\S+ \(needed ≈2[45] MiB, free [01] MiB\): build requirement bigtool==1\.0 \(bigtool-1\.0-py3-none-any\.whl, [89] MiB by \S+pylock\.build\.toml\) is downloaded, packed and stored there; nothing was downloaded$"
            : @"^no space left on \S+/temp/build-requirements/\S+ \(needed ≈\? MiB, free [01] MiB\): pip ran out of room downloading build requirement bigtool==1\.0$";
        Assert.That(e.Message, Does.Match(expected));
        Assert.That(_disk.Files(), Is.Empty, "nothing downloaded, packed or interned is left");
        ReliabilityLedger.Record($"Disk full: a pinned build requirement ({(locked ? "size known from the lock" : "not locked yet: pip fills the disk")})",
            $"{BigMib} MiB requirement wheel from --find-links into a state directory with 1 MiB free", $"\"{e.Message}\"; nothing left");
    }

    /// <summary>A real (installable) pure wheel that carries <see cref="BigMib"/> MiB of data.</summary>
    private static byte[] BigWheel()
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] content)
            {
                using var entry = zip.CreateEntry(name, System.IO.Compression.CompressionLevel.NoCompression).Open();
                entry.Write(content);
            }
            Add("bigtool/__init__.py", "DATA = 'data.bin'\n"u8.ToArray());
            Add("bigtool/data.bin", Big);
            Add("bigtool-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: bigtool\nVersion: 1.0\n"u8.ToArray());
            Add("bigtool-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"u8.ToArray());
            Add("bigtool-1.0.dist-info/RECORD", ""u8.ToArray());
        }
        return buffer.ToArray();
    }
}
