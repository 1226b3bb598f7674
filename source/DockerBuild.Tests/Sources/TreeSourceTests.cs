using System.Formats.Tar;
using DockerBuild.Sources;
using DockerBuild.Sources.Acquisition;
using DockerBuild.Sources.Packing;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Local;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Sources;

[TestFixture]
[Category("Sources")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TreeSourceTests
{
    private const long FirstCommitTime = 1_700_000_000;

    private static async Task<string> GitAsync(string repo, DateTimeOffset? when, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = "Test", ["GIT_AUTHOR_EMAIL"] = "test@example.invalid",
            ["GIT_COMMITTER_NAME"] = "Test", ["GIT_COMMITTER_EMAIL"] = "test@example.invalid",
        };
        if (when is { } w) environment["GIT_AUTHOR_DATE"] = environment["GIT_COMMITTER_DATE"] = $"@{w.ToUnixTimeSeconds()} +0000";
        var result = await ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = "git", Arguments = arguments, WorkingDirectory = repo, Environment = environment });
        return result.StandardOutput.Trim();
    }

    /// <summary>A repository with two commits; returns the first commit's id (the one the tests pin).</summary>
    private static async Task<string> MakeRepositoryAsync(string repo)
    {
        Directory.CreateDirectory(Path.Combine(repo, "src", "lib"));
        await GitAsync(repo, null, "init", "--quiet", "--initial-branch=main");
        File.WriteAllText(Path.Combine(repo, "setup.py"), "from setuptools import setup\n");
        File.WriteAllText(Path.Combine(repo, "src", "lib", "zstd.c"), "int main(void) { return 0; }\n");
        File.WriteAllText(Path.Combine(repo, "build.sh"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(repo, "build.sh"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(repo, "src", "current"), "lib");
        await GitAsync(repo, null, "add", "-A");
        await GitAsync(repo, DateTimeOffset.FromUnixTimeSeconds(FirstCommitTime), "commit", "--quiet", "-m", "first");
        var first = await GitAsync(repo, null, "rev-parse", "HEAD");
        File.WriteAllText(Path.Combine(repo, "later.txt"), "not in the pinned commit\n");
        await GitAsync(repo, null, "add", "-A");
        await GitAsync(repo, DateTimeOffset.FromUnixTimeSeconds(FirstCommitTime + 100), "commit", "--quiet", "-m", "second");
        return first;
    }

    private static List<TarEntry> ReadTar(string file)
    {
        using var stream = File.OpenRead(file);
        using var reader = new TarReader(stream);
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry) entries.Add(entry);
        return entries;
    }

    [Test]
    public async Task A_git_commit_is_packed_deterministically_without_git_metadata_with_the_commit_time()
    {
        using var work = new TemporaryDirectory();
        var repo = work.Combine("repo");
        var commit = await MakeRepositoryAsync(repo);
        var spec = new SourceSpec { Kind = SourceKind.Git, Name = "zstd", Version = "1.5.5", Url = repo, Commit = commit, DeclaredAt = "wheels/x.yaml:4" };

        using var stateA = new TemporaryDirectory();
        using var stateB = new TemporaryDirectory();
        AcquiredSource a, b;
        using (var acquirer = new SourceAcquirer(TestArchives.Settings(stateA))) a = await acquirer.AcquireAsync(spec);
        await Task.Delay(1100); // a later second: any leaked wall-clock time would change the bytes
        using (var acquirer = new SourceAcquirer(TestArchives.Settings(stateB))) b = await acquirer.AcquireAsync(spec);

        var entries = ReadTar(a.File);
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "build.sh", "setup.py", "src/", "src/current", "src/lib/", "src/lib/zstd.c" }));
        Assert.That(entries.Select(e => e.ModificationTime.ToUnixTimeSeconds()), Is.All.EqualTo(FirstCommitTime));
        Assert.That(entries.Select(e => (e.Uid, e.Gid)), Is.All.EqualTo((0, 0)));
        Assert.That(entries.Single(e => e.Name == "build.sh").Mode, Is.EqualTo((UnixFileMode)0b111_101_101));
        Assert.That(entries.Single(e => e.Name == "setup.py").Mode, Is.EqualTo((UnixFileMode)0b110_100_100));
        Assert.That(entries.Single(e => e.Name == "src/current").LinkName, Is.EqualTo("lib"));
        Assert.That(await File.ReadAllBytesAsync(b.File), Is.EqualTo(await File.ReadAllBytesAsync(a.File)));
        Assert.That(Directory.Exists(Path.Combine(stateA.Combine("state", "sources"), ".scratch")) ? stateA.Files("state/sources/.scratch") : [], Is.Empty,
            "the scratch clone is removed");
    }

    [Test]
    public async Task A_commit_the_repository_does_not_have_is_refused_naming_it()
    {
        using var work = new TemporaryDirectory();
        var repo = work.Combine("repo");
        await MakeRepositoryAsync(repo);
        var missing = new string('e', 40);
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state));

        var error = await Assert.ThrowsAsync<SourceSpecException>(() => acquirer.AcquireAsync(
            new SourceSpec { Kind = SourceKind.Git, Name = "zstd", Version = "1", Url = repo, Commit = missing, DeclaredAt = "wheels/x.yaml:4" }));

        Assert.That(error!.Message, Does.Contain(missing).And.StartWith("wheels/x.yaml:4"));
        Assert.That(state.Files("state/sources"), Is.Empty);
    }

    [Test]
    public async Task The_same_local_tree_in_two_places_with_different_times_and_permissions_packs_to_the_same_bytes()
    {
        using var work = new TemporaryDirectory();
        string MakeTree(string name, UnixFileMode plainMode)
        {
            var root = work.Combine(name);
            Directory.CreateDirectory(Path.Combine(root, "pkg", ".git"));
            File.WriteAllText(Path.Combine(root, "pkg", ".git", "HEAD"), name); // VCS metadata differs and is left out
            File.WriteAllText(Path.Combine(root, "pkg", "mod.c"), "/* same */\n");
            File.WriteAllText(Path.Combine(root, "setup.py"), "setup()\n");
            File.SetUnixFileMode(Path.Combine(root, "setup.py"), plainMode);
            File.SetLastWriteTimeUtc(Path.Combine(root, "pkg", "mod.c"), DateTime.UtcNow.AddDays(-name.Length));
            return root;
        }
        var first = MakeTree("a", (UnixFileMode)0b110_000_000);
        var second = MakeTree("second-place", (UnixFileMode)0b110_110_100);
        var specA = new SourceSpec { Kind = SourceKind.Local, Name = "example", Version = "1.0", Path = first };
        var specB = specA with { Path = second };

        using var state = new TemporaryDirectory();
        var reportA = await SourceInterning.RunAsync([specA], TestArchives.Settings(state), new LocalCipdRepository(state.Combine("cipd")));
        var bytesA = await File.ReadAllBytesAsync(reportA.Sources[0].CacheFile!);
        var reportB = await SourceInterning.RunAsync([specB], TestArchives.Settings(state), new LocalCipdRepository(state.Combine("cipd")));
        var bytesB = await File.ReadAllBytesAsync(reportB.Sources[0].CacheFile!);

        Assert.That(bytesB, Is.EqualTo(bytesA));
        Assert.That(reportB.Sources[0].InstanceId, Is.EqualTo(reportA.Sources[0].InstanceId));
        Assert.That(ReadTar(reportA.Sources[0].CacheFile!).Select(e => e.Name), Is.EqualTo(new[] { "pkg/", "pkg/mod.c", "setup.py" }));
    }

    [Test]
    public async Task A_local_tree_with_a_symlink_leading_out_of_it_is_refused()
    {
        using var work = new TemporaryDirectory();
        var root = work.Combine("tree");
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        File.CreateSymbolicLink(Path.Combine(root, "sub", "passwd"), "../../../etc/passwd");

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() =>
            DeterministicTarWriter.PackDirectoryAsync(root, work.Combine("out.tar"), DeterministicTarWriter.DefaultTimestamp));

        Assert.That(error!.Entry, Is.EqualTo("sub/passwd"));
        Assert.That(File.Exists(work.Combine("out.tar")), Is.False);
    }

    [Test]
    public async Task A_tree_added_under_a_prefix_in_another_format_has_the_same_entries_owners_and_modes_and_the_same_refusals()
    {
        using var work = new TemporaryDirectory();
        var root = work.Combine("tree");
        Directory.CreateDirectory(Path.Combine(root, "pkg"));
        File.WriteAllText(Path.Combine(root, "pkg", "mod.c"), "/* c */\n");
        File.WriteAllText(Path.Combine(root, "configure"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(root, "configure"), (UnixFileMode)0b111_000_000);
        File.CreateSymbolicLink(Path.Combine(root, "pkg", "link.c"), "mod.c");
        var packed = work.Combine("packed.tar");
        await DeterministicTarWriter.PackDirectoryAsync(root, packed, DeterministicTarWriter.DefaultTimestamp);

        // As an image build context or a copy into a build container adds it: PAX, under a directory, time left as written.
        var added = new MemoryStream();
        using (var writer = new TarWriter(added, TarEntryFormat.Pax, leaveOpen: true))
            DeterministicTarWriter.AddTree(writer, root, "dockerbuild/src/", timestamp: null);
        added.Position = 0;
        var entries = new List<TarEntry>();
        using (var reader = new TarReader(added))
            while (reader.GetNextEntry() is { } entry) entries.Add(entry);

        var expected = ReadTar(packed).ToList();
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(expected.Select(e => "dockerbuild/src/" + e.Name)));
        Assert.That(entries.Select(e => (e.EntryType, e.Mode, e.Uid, e.Gid, e.LinkName)),
            Is.EqualTo(expected.Select(e => (e.EntryType, e.Mode, e.Uid, e.Gid, e.LinkName))));
        Assert.That(entries.Single(e => e.Name.EndsWith("configure")).Mode & UnixFileMode.OtherExecute, Is.EqualTo(UnixFileMode.OtherExecute), "executables stay executable for every user");

        File.CreateSymbolicLink(Path.Combine(root, "pkg", "passwd"), "../../etc/passwd");
        using var refused = new TarWriter(new MemoryStream(), TarEntryFormat.Pax);
        var error = Assert.Throws<HostileArchiveException>(() => DeterministicTarWriter.AddTree(refused, root, "dockerbuild/src/", timestamp: null));
        Assert.That(error!.Entry, Is.EqualTo("pkg/passwd"));
    }
}
