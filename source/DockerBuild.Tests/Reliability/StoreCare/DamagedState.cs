using System.IO.Compression;
using System.Text;
using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Packaging;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability.StoreCare;

/// <summary>
/// A scratch checkout whose state directory holds one of everything Store --verify checks: a pinned url source and a
/// local source interned (with their Sources-cache files), one built output with its record, uploaded (instance, tags,
/// refs) and indexed. Tests damage one thing by hand and run the real build's Store --verify.
/// </summary>
internal sealed class DamagedState : IDisposable
{
    public const string UrlSource = "goodpkg";
    public const string WheelFileName = "romanum-1.0.0-py3-none-any.whl";

    private DamagedState(ScratchCheckout checkout) => Checkout = checkout;

    public ScratchCheckout Checkout { get; }
    public string State => Checkout.StateDirectory;
    public string OutputWheel => Path.Combine(State, "wheels", "universal", WheelFileName);
    public string Quarantine => Path.Combine(State, "quarantine");

    public static async Task<DamagedState> MakeAsync(LoopbackSourceServer server)
    {
        var state = new DamagedState(new ScratchCheckout());
        try
        {
            var archive = SourceArchives.Wellformed(UrlSource, "1.0.0");
            var url = server.Serve($"/{Guid.NewGuid():N}/{UrlSource}-1.0.0.tar.gz", archive);
            state.Checkout.ReplaceWheels(WheelYaml.Wheels(WheelYaml.UrlSource(UrlSource, "1.0.0", url, SourceArchives.Sha256(archive)), """
                  - name: romanum
                    version: 1.0.0
                    kind: Local
                    universal: true
                    source:
                      kind: local
                      path: local/romanum

                """));
            await state.RunOkAsync("Sources", "--upload-sources", "--platform", "universal");
            await WriteOutputAsync(state.OutputWheel);
            await state.RunOkAsync("Upload", "--skip", "--upload", "--platform", "universal", "--wheel", "romanum");
            return state;
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    public async Task<ProcessResult> RunAsync(params string[] arguments) => await BuildCommand.RunAsync(Checkout, arguments);

    public async Task<ProcessResult> RunOkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.That(result.ExitCode, Is.Zero, $"{string.Join(' ', arguments)}:\n{result.StandardOutput}{result.StandardError}");
        return result;
    }

    public Task<ProcessResult> VerifyAsync() => RunAsync("Store", "--verify");

    /// <summary>The one instance file of a package (e.g. <c>infra/third_party/source/goodpkg</c>).</summary>
    public string InstanceFile(string package) =>
        Directory.EnumerateFiles(Path.Combine(State, "cipd", "packages", Path.Combine(package.Split('/')), "+", "instances"), "*.cipd").Single();

    public string IndexFile(string package) => Path.Combine(State, "cipd", "packages", Path.Combine(package.Split('/')), "+", "index.json");

    /// <summary>Flips one byte in the middle of <paramref name="file"/>; returns the damaged bytes.</summary>
    public static byte[] Damage(string file)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(file, bytes);
        return bytes;
    }

    /// <summary>True when some file in the quarantine holds exactly <paramref name="bytes"/>.</summary>
    public bool QuarantineHolds(byte[] bytes) =>
        Directory.Exists(Quarantine) && Directory.EnumerateFiles(Quarantine, "*", SearchOption.AllDirectories).Any(f => File.ReadAllBytes(f).AsSpan().SequenceEqual(bytes));

    /// <summary>A hand-made pure-Python wheel with its record, as BuildWheel leaves one.</summary>
    private static async Task WriteOutputAsync(string wheelFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(wheelFile)!);
        using (var zip = ZipFile.Open(wheelFile, ZipArchiveMode.Create))
        {
            foreach (var (name, text) in new[]
                     {
                         ("romanum/__init__.py", "def to_roman(n):\n    return 'I' * n\n"),
                         ("romanum-1.0.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: romanum\nVersion: 1.0.0\nRequires-Python: >=3.9\n\n"),
                         ("romanum-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
                         ("romanum-1.0.0.dist-info/RECORD", ""),
                     })
            {
                await using var entry = zip.CreateEntry(name).Open();
                await entry.WriteAsync(Encoding.UTF8.GetBytes(text));
            }
        }
        await BuiltWheelSidecar.RecordAsync(wheelFile, "universal", "romanum", "1.0.0", "test-build-key-1");
    }

    public void Dispose() => Checkout.Dispose();
}
