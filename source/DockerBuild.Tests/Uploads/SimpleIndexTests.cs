using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Tools.Cipd;
using DockerBuild.Uploads;
using NUnit.Framework;

namespace DockerBuild.Tests.Uploads;

/// <summary>
/// The PEP 503 index written from the store, consumed by real pip over file:// and over HTTP, and its pages:
/// normalised names, sha256 fragments, requires-python, atomic regeneration.
/// </summary>
[TestFixture, Category("Upload")]
public sealed class SimpleIndexTests
{
    private UploadScratch _scratch = null!;
    private LocalCipdRepository _store = null!;

    [OneTimeSetUp]
    public async Task BuildAndUploadTwoVersionsOfARealWheel()
    {
        await RealPip.RequireAsync();
        _scratch = new UploadScratch();
        _store = new LocalCipdRepository(_scratch.StoreDirectory) { WaitMessages = null };
        var wheels = new List<BuiltWheel>();
        foreach (var version in new[] { "1.0.0", "1.1.0" })
        {
            var built = await RealPip.BuildRomanumAsync(_scratch.Root, version);
            var file = Path.Combine(_scratch.WheelsDirectory, "universal", Path.GetFileName(built));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.Copy(built, file);
            await BuiltWheelSidecar.RecordAsync(file, "universal", "romanum", version, new string('a', 64));
        }
        wheels.AddRange(await BuiltWheelSidecar.ReadDirectoryAsync(_scratch.WheelsDirectory));
        wheels.Add(await _scratch.WheelAsync("My.Odd_Name", "2.0", "linux-x64-py3.11"));
        await WheelUpload.RunAsync(wheels, new[] { "universal", "linux-x64-py3.11" }.Select(UploadScratch.Platform).ToList(),
            new UploadSettings { Upload = true, TemporaryDirectory = _scratch.TemporaryDirectory, Log = TextWriter.Null }, _store);
        await SimpleIndexWriter.WriteAsync(_store, _scratch.IndexDirectory);
    }

    [OneTimeTearDown]
    public void RemoveScratch() => _scratch?.Dispose();

    private string Simple => Path.Combine(_scratch.IndexDirectory, "simple");

    [Test]
    public async Task Pip_installs_a_pinned_version_through_a_file_url_and_it_imports()
    {
        var target = Path.Combine(_scratch.Root, "target-file");
        await RealPip.InstallAsync(new Uri(Simple).AbsoluteUri, "romanum==1.0.0", target);

        var output = await RealPip.ImportAsync(target,
            "import romanum, importlib.metadata as m; print(romanum.to_roman(1994), romanum.from_roman('MMXXVI'), m.version('romanum'))");
        Assert.That(output, Is.EqualTo("MCMXCIV 2026 1.0.0"));
    }

    [Test]
    public async Task Pip_installs_the_newest_version_over_http_from_a_real_loopback_server()
    {
        using var server = await RealPip.ServeAsync(_scratch.IndexDirectory);
        var target = Path.Combine(_scratch.Root, "target-http");
        var install = await RealPip.InstallAsync(new Uri(server.BaseUri, "simple/").AbsoluteUri, "romanum", target);

        Assert.That(install.StandardOutput, Does.Contain("romanum-1.1.0-py3-none-any.whl"));
        var output = await RealPip.ImportAsync(target, "import importlib.metadata as m; print(m.version('romanum'))");
        Assert.That(output, Is.EqualTo("1.1.0"));
    }

    [Test]
    public void The_root_page_lists_projects_by_normalised_name_and_pages_link_files_with_their_sha256()
    {
        var root = File.ReadAllText(Path.Combine(Simple, "index.html"));
        Assert.That(Regex.Matches(root, "<a href=\"([^\"]+)\">([^<]+)</a>").Select(m => (m.Groups[1].Value, m.Groups[2].Value)),
            Is.EqualTo(new[] { ("my-odd-name/", "my-odd-name"), ("romanum/", "romanum") }));

        var page = File.ReadAllText(Path.Combine(Simple, "romanum", "index.html"));
        var links = Regex.Matches(page, "<a href=\"\\.\\./\\.\\./(files/[^\"#]+)#sha256=([0-9a-f]{64})\" data-requires-python=\"&gt;=3.9\">([^<]+)</a>").ToList();
        Assert.That(links.Select(m => m.Groups[3].Value), Is.EqualTo(new[] { "romanum-1.0.0-py3-none-any.whl", "romanum-1.1.0-py3-none-any.whl" }));
        foreach (var link in links)
        {
            var file = Path.Combine(_scratch.IndexDirectory, link.Groups[1].Value);
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), Is.EqualTo(link.Groups[2].Value), file);
        }
    }

    [Test]
    public async Task Regeneration_swaps_the_whole_page_set_and_leaves_no_temporary_files()
    {
        var index = Path.Combine(_scratch.Root, "index-regenerated");
        await SimpleIndexWriter.WriteAsync(_store, index);
        var first = new FileInfo(Path.Combine(index, "simple")).LinkTarget;

        using var more = new UploadScratch();
        var extra = await more.WheelAsync("romanum", "0.9.0", "universal");
        await WheelUpload.RunAsync([extra], [UploadScratch.Platform("universal")],
            new UploadSettings { Upload = true, TemporaryDirectory = more.TemporaryDirectory, Log = TextWriter.Null }, _store);
        var listed = await SimpleIndexWriter.WriteAsync(_store, index);
        var second = new FileInfo(Path.Combine(index, "simple")).LinkTarget;

        Assert.That(first, Is.Not.Null.And.Not.EqualTo(second), "simple/ is a link moved to a new generation in one rename");
        Assert.That(File.ReadAllText(Path.Combine(index, "simple", "romanum", "index.html")), Does.Contain("romanum-0.9.0-py3-none-any.whl"));
        Assert.That(listed.Select(w => w.FileName), Does.Contain("romanum-0.9.0-py3-none-any.whl"));
        Assert.That(Directory.EnumerateFileSystemEntries(index, ".tmp-*", SearchOption.AllDirectories), Is.Empty);

        await SimpleIndexWriter.WriteAsync(_store, index);
        Assert.That(Directory.EnumerateDirectories(index, ".simple-*").Count(), Is.EqualTo(2), "the current and the previous generation are kept");
    }

    [Test]
    public async Task Writers_running_at_once_take_turns_and_leave_a_complete_index()
    {
        var index = Path.Combine(_scratch.Root, "index-concurrent");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => SimpleIndexWriter.WriteAsync(_store, index))));

        Assert.That(results.Select(r => r.Count), Is.All.EqualTo(results[0].Count).And.All.GreaterThan(0));
        var page = File.ReadAllText(Path.Combine(index, "simple", "romanum", "index.html"));
        Assert.That(page, Does.Contain("romanum-1.0.0-py3-none-any.whl"));
        Assert.That(Directory.EnumerateDirectories(index, ".simple-*").Count(), Is.LessThanOrEqualTo(2));
    }
}
