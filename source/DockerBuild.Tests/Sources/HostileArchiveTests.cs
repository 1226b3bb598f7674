using System.Formats.Tar;
using System.IO.Compression;
using DockerBuild.Sources;
using DockerBuild.Sources.Acquisition;
using DockerBuild.Sources.Packing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace DockerBuild.Tests.Sources;

[TestFixture]
[Category("Sources")]
public sealed class HostileArchiveTests
{
    private static readonly (string Case, byte[] Archive, string Entry)[] Hostile =
    [
        ("parent path", TestArchives.TarGz((TarEntryType.RegularFile, "pkg/../../evil.sh", "rm -rf ~")), "pkg/../../evil.sh"),
        ("absolute path", TestArchives.TarGz((TarEntryType.RegularFile, "/tmp/evil.sh", "x")), "/tmp/evil.sh"),
        ("escaping symlink", TestArchives.TarGz((TarEntryType.SymbolicLink, "pkg/link", "../../etc")), "pkg/link"),
        ("absolute symlink", TestArchives.TarGz((TarEntryType.SymbolicLink, "pkg/link", "/etc/passwd")), "pkg/link"),
        ("escaping hard link", TestArchives.TarGz((TarEntryType.HardLink, "pkg/hard", "../outside")), "pkg/hard"),
    ];

    private static IEnumerable<TestCaseData> HostileCases() => Hostile.Select(h => new TestCaseData(h.Archive, h.Entry).SetArgDisplayNames(h.Case));

    [TestCaseSource(nameof(HostileCases))]
    public async Task A_downloaded_archive_with_an_entry_leaving_the_tree_is_refused_and_removed_from_the_cache(byte[] archive, string entry)
    {
        await using var server = await LoopbackHttpServer.StartAsync(app => app.MapGet("/evil.tar.gz", () => Results.Bytes(archive)));
        using var state = new TemporaryDirectory();
        using var acquirer = new SourceAcquirer(TestArchives.Settings(state));
        var spec = new SourceSpec { Kind = SourceKind.Url, Name = "evil", Version = "1", Url = server.Url("evil.tar.gz").ToString(), Sha256 = TestArchives.Sha256(archive) };

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => acquirer.AcquireAsync(spec));

        Assert.That(error!.Entry, Is.EqualTo(entry));
        Assert.That(state.Files(), Is.Empty);
    }

    [TestCaseSource(nameof(HostileCases))]
    public async Task Extracting_a_hostile_archive_writes_nothing(byte[] archive, string entry)
    {
        using var work = new TemporaryDirectory();
        var file = work.Combine("evil.tar.gz");
        // A benign entry first: it must not be written either, since every entry is checked before extraction starts.
        await File.WriteAllBytesAsync(file, archive);

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SourceArchive.ExtractAsync(file, work.Combine("out")));

        Assert.That(error!.Entry, Is.EqualTo(entry));
        Assert.That(Directory.Exists(work.Combine("out")), Is.False);
        Assert.That(work.Files(), Is.EqualTo(new[] { "evil.tar.gz" }));
    }

    [Test]
    public async Task A_zip_with_a_parent_path_is_refused_after_a_benign_first_entry_without_writing_it()
    {
        using var work = new TemporaryDirectory();
        var file = work.Combine("evil.zip");
        using (var zip = ZipFile.Open(file, ZipArchiveMode.Create))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("pkg/ok.txt").Open())) writer.Write("fine");
            using (var writer = new StreamWriter(zip.CreateEntry("../evil.txt").Open())) writer.Write("evil");
        }

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SourceArchive.ExtractAsync(file, work.Combine("out")));

        Assert.That(error!.Entry, Is.EqualTo("../evil.txt"));
        Assert.That(work.Files(), Is.EqualTo(new[] { "evil.zip" }));
    }

    [Test]
    public async Task A_file_written_through_a_chain_of_links_that_leads_out_is_refused()
    {
        using var work = new TemporaryDirectory();
        var file = work.Combine("chain.tar.gz");
        // Each link looks inside on its own ("a" is the root, "a/l" is "../elsewhere" seen from "a"), together they lead out.
        await File.WriteAllBytesAsync(file, TestArchives.TarGz(
            (TarEntryType.SymbolicLink, "a", "."),
            (TarEntryType.SymbolicLink, "a/l", "../elsewhere"),
            (TarEntryType.RegularFile, "a/l/evil.txt", "evil")));

        var error = await Assert.ThrowsAsync<HostileArchiveException>(() => SourceArchive.ExtractAsync(file, work.Combine("out")));

        Assert.That(error!.Entry, Is.EqualTo("a/l/evil.txt"));
        Assert.That(File.Exists(work.Combine("elsewhere", "evil.txt")), Is.False);
        Assert.That(work.Files().Where(f => f.EndsWith("evil.txt")), Is.Empty);
    }

    [Test]
    public async Task A_benign_archive_extracts_with_links_inside_the_tree_kept()
    {
        using var work = new TemporaryDirectory();
        var file = work.Combine("ok.tar.gz");
        await File.WriteAllBytesAsync(file, TestArchives.TarGz(
            (TarEntryType.Directory, "./", null),
            (TarEntryType.Directory, "./pkg/", null),
            (TarEntryType.RegularFile, "pkg/lib/a.c", "int a;"),
            (TarEntryType.SymbolicLink, "pkg/current", "lib"),
            (TarEntryType.HardLink, "pkg/b.c", "pkg/lib/a.c")));

        await SourceArchive.ExtractAsync(file, work.Combine("out"));

        Assert.That(File.ReadAllText(work.Combine("out", "pkg", "current", "a.c")), Is.EqualTo("int a;"));
        Assert.That(File.ReadAllText(work.Combine("out", "pkg", "b.c")), Is.EqualTo("int a;"));
        Assert.That(new FileInfo(work.Combine("out", "pkg", "current")).LinkTarget, Is.EqualTo("lib"));
    }
}
