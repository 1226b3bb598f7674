using NUnit.Framework;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Packages;

namespace DockerBuild.Tests.Cipd;

/// <summary>Package files: the client's layout, determinism, modes, symlinks, compression choice, definitions.</summary>
[TestFixture, Category("Cipd")]
public sealed class CipdPackageBuilderTests
{
    [Test]
    public async Task EmptyPackageIsByteIdenticalToTheGoClients()
    {
        // The cipd client's own builder test pins this digest and ID for an empty package "testing" at level 5.
        var bytes = new MemoryStream();
        await CipdPackageBuilder.WriteAsync(new CipdBuildOptions { PackageName = "testing", Files = [] }, bytes);
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray())), Is.EqualTo("3cf335f34fb98be575ab9e79e1ec0a18ee23ab871607e70ec13bb28680afde3a"));

        using var dir = new TemporaryDirectory();
        Directory.CreateDirectory(dir["empty"]);
        var pin = await CipdPackageBuilder.BuildFromDirectoryAsync("testing", dir["empty"], dir["out.cipd"]);
        Assert.That(pin, Is.EqualTo(new CipdPin("testing", "PPM180-5i-V1q5554ewKGO4jq4cWB-cOwTuyhoCv3joC")));
    }

    [Test]
    public async Task SameTreeGivesTheSameIdWhateverItsPathAndMtimes()
    {
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();
        foreach (var (dir, when) in new[] { (first, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc)), (second, DateTime.UtcNow) })
        {
            dir.Write("tree/setup.py", "from setuptools import setup\n" + new string('#', 4000));
            dir.Write("tree/bin/tool", "#!/bin/sh\necho hi\n", executable: true);
            dir.Write("tree/data/archive.tar.gz", "not really gzip");
            dir.Symlink("tree/link", "setup.py");
            foreach (var f in Directory.EnumerateFiles(dir["tree"], "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).LinkTarget is null))
                File.SetLastWriteTimeUtc(f, when);
        }
        var a = await CipdPackageBuilder.BuildFromDirectoryAsync("infra/test/pkg", first["tree"], first["a.cipd"]);
        var b = await CipdPackageBuilder.BuildFromDirectoryAsync("infra/test/pkg", second["tree"], second["b.cipd"]);
        Assert.That(b, Is.EqualTo(a));
        Assert.That(File.ReadAllBytes(second["b.cipd"]), Is.EqualTo(File.ReadAllBytes(first["a.cipd"])));
        Assert.That(a.InstanceId, Is.EqualTo((await CipdInstanceId.ComputeFileAsync(first["a.cipd"])).Value));
    }

    [Test]
    public async Task EntriesAreSortedWithTheManifestLastAndCarryModesAndSymlinks()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("tree/z.txt", "last by name");
        dir.Write("tree/bin/run", "#!/bin/sh\n", executable: true);
        dir.Write("tree/A.txt", "upper case sorts first");
        dir.Write("tree/pics/p.png", "png bytes");
        dir.Symlink("tree/current", "bin/run");
        await CipdPackageBuilder.BuildFromDirectoryAsync("infra/test/modes", dir["tree"], dir["p.cipd"]);

        using var zip = ZipFile.OpenRead(dir["p.cipd"]);
        Assert.That(zip.Entries.Select(e => e.FullName),
            Is.EqualTo(new[] { "A.txt", "bin/run", "current", "pics/p.png", "z.txt", ".cipdpkg/manifest.json" }));
        uint Mode(string name) => (uint)zip.GetEntry(name)!.ExternalAttributes >> 16;
        Assert.That(Mode("A.txt"), Is.EqualTo(0x8000u | 0x100u), "regular files are 0400");
        Assert.That(Mode("bin/run"), Is.EqualTo(0x8000u | 0x140u), "executables are 0500");
        Assert.That(Mode("current"), Is.EqualTo(0xA000u | 0x100u), "symlinks carry the symlink type");
        using (var reader = new StreamReader(zip.GetEntry("current")!.Open())) Assert.That(reader.ReadToEnd(), Is.EqualTo("bin/run"));
        Assert.That(zip.Entries.All(e => e.LastWriteTime.Year == 1980), Is.True, "no timestamps are recorded (DOS zero date)");
        Assert.That(zip.GetEntry("pics/p.png")!.CompressedLength, Is.EqualTo(zip.GetEntry("pics/p.png")!.Length), "already-compressed formats are stored");
        using var manifest = new StreamReader(zip.GetEntry(".cipdpkg/manifest.json")!.Open());
        Assert.That(manifest.ReadToEnd(), Is.EqualTo("{\n  \"format_version\": \"1.1\",\n  \"package_name\": \"infra/test/modes\"\n}"));
    }

    [Test]
    public async Task LevelZeroStoresEverythingAndLargeTextIsDeflated()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("tree/big.txt", string.Concat(Enumerable.Repeat("compressible text ", 2000)));
        await CipdPackageBuilder.BuildAsync(new CipdBuildOptions { PackageName = "p", Files = CipdFileScanner.Scan(dir["tree"], dir["tree"]) }, dir["deflated.cipd"]);
        await CipdPackageBuilder.BuildAsync(new CipdBuildOptions { PackageName = "p", Files = CipdFileScanner.Scan(dir["tree"], dir["tree"]), CompressionLevel = 0 }, dir["stored.cipd"]);
        using (var zip = ZipFile.OpenRead(dir["deflated.cipd"])) Assert.That(zip.GetEntry("big.txt")!.CompressedLength, Is.LessThan(2000));
        using (var zip = ZipFile.OpenRead(dir["stored.cipd"])) Assert.That(zip.GetEntry("big.txt")!.CompressedLength, Is.EqualTo(36000));
    }

    [Test]
    public async Task ReservedAndDuplicateNamesAreRefused()
    {
        var reserved = (await Assert.ThrowsAsync<CipdValidationException>(() => CipdPackageBuilder.WriteAsync(new CipdBuildOptions
        {
            PackageName = "p",
            Files = [new CipdPackageFile { Name = ".cipdpkg/stuff", Content = Encoding.ASCII.GetBytes("x") }],
        }, new MemoryStream())))!;
        Assert.That(reserved.Message, Does.Contain(".cipdpkg/stuff"));

        var twice = (await Assert.ThrowsAsync<CipdValidationException>(() => CipdPackageBuilder.WriteAsync(new CipdBuildOptions
        {
            PackageName = "p",
            Files = [new CipdPackageFile { Name = "a", Content = new byte[1] }, new CipdPackageFile { Name = "a", Content = new byte[1] }],
        }, new MemoryStream())))!;
        Assert.That(twice.Message, Does.Contain("file a is provided twice"));

        var badName = (await Assert.ThrowsAsync<CipdValidationException>(() => CipdPackageBuilder.WriteAsync(new CipdBuildOptions { PackageName = "../../asdad", Files = [] }, new MemoryStream())))!;
        Assert.That(badName.Message, Does.Contain("\"../../asdad\""));
    }

    [Test]
    public async Task DefinitionSelectsFilesExpandsPlatformAndRecordsVersionFile()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("src/lib/a.py", "a");
        dir.Write("src/lib/a.pyc", "compiled");
        dir.Write("src/lib/__pycache__/x.pyc", "cache");
        dir.Write("src/README", "readme");
        dir.Write("src/other", "not selected");
        dir.Write("defs/pkg.yaml", """
            package: infra/tools/demo/${platform}
            root: ../src
            install_mode: copy
            data:
              - dir: lib
                exclude:
                  - .*\.pyc
                  - lib/__pycache__
              - file: README
              - version_file: .versions/demo.cipd_version
            """);
        var definition = CipdPackageDefinition.Load(dir["defs/pkg.yaml"]);
        Assert.That(definition.Package, Is.EqualTo($"infra/tools/demo/{CipdHostPlatform.Os}-{CipdHostPlatform.Arch}"));
        Assert.That(definition.FindFiles().Select(f => f.Name), Is.EqualTo(new[] { "README", "lib/a.py" }));

        var pin = await CipdPackageBuilder.BuildAsync(definition, dir["out.cipd"]);
        var manifest = CipdPackageReader.Read(dir["out.cipd"]).Manifest;
        Assert.That(manifest, Is.EqualTo(new CipdManifest(pin.Package, ".versions/demo.cipd_version", "copy")));
    }

    [Test]
    public void DefinitionErrorsNameTheFileAndField()
    {
        var unknownVariable = Assert.Throws<CipdValidationException>(() =>
            CipdPackageDefinition.Parse("package: infra/${flavour}\ndata: []\n", "/tmp", "pkg.yaml"))!;
        Assert.That(unknownVariable.Message, Does.Contain("pkg.yaml: package").And.Contain("flavour"));

        var twoKeys = Assert.Throws<CipdValidationException>(() =>
            CipdPackageDefinition.Parse("package: a\ndata:\n  - file: x\n    dir: y\n", "/tmp", "pkg.yaml"))!;
        Assert.That(twoKeys.Message, Does.Contain("data entry #0").And.Contain("only one key"));

        var unknownField = Assert.Throws<CipdValidationException>(() =>
            CipdPackageDefinition.Parse("package: a\nflavour: x\n", "/tmp", "pkg.yaml"))!;
        Assert.That(unknownField.Message, Does.StartWith("pkg.yaml:2"));
    }
}
