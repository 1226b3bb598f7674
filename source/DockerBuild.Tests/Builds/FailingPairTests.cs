using DockerBuild.Builds;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// Pairs that cannot succeed, built next to one that can (all on x64 in one run): a package whose setup.py downloads
/// fails saying the build has no network, a broken C file fails with the compiler's error in the log tail, a wheel whose test fails is not kept, a
/// test that tries to change the verification root cannot, and fastsum beside them is still built and kept.
/// </summary>
[TestFixture]
[Category("Docker")]
public sealed class FailingPairTests
{
    private const string Platform = "linux-x64-py3.11";
    private WheelBuildRun _run = null!;
    private string _root = null!;

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        _root = Path.Combine(SharedWheelBuilds.Root, $"failing-{Guid.NewGuid():N}");
        // zcodec is declared (not built) so the x64 image, whose target libraries come from every spec, is the shared one.
        var specs = ScratchCheckout.ShippedSpecs("fastsum", "zcodec") + """
              - name: fetchy
                version: 0.1.0
                kind: Local
                source:
                  kind: local
                  path: local/fetchy
                import: fetchy
              - name: wrongsum
                version: 0.1.0
                kind: Local
                # Pure Python built for x64 on purpose: without this it would be refused as a pure fallback before verification.
                pure: true
                source:
                  kind: local
                  path: local/wrongsum
                test: |
                  import wrongsum
                  assert wrongsum.total([1, 2]) == 3, "wrong result"
              - name: meddler
                version: 0.1.0
                kind: Local
                pure: true
                source:
                  kind: local
                  path: local/meddler
                test: |
                  import meddler
                  with open("scratch.txt", "w") as own:
                      own.write("a test may write where it runs")
                  try:
                      with open("/usr/lib/python3/dist-packages/sitecustomize.py", "w") as planted:
                          planted.write("raise SystemExit('the root was changed by an earlier check')\n")
                  except PermissionError:
                      pass
                  else:
                      raise AssertionError("a check could write into the verification root")
              - name: brokenc
                version: 0.1.0
                kind: Local
                source:
                  kind: local
                  path: local/brokenc
                import: brokenc

            """;
        var made = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["fetchy"] = new Dictionary<string, string>
            {
                ["setup.py"] = """
                    import urllib.request
                    from setuptools import setup
                    # Fetches a file at build time, as some packages do for bundled data.
                    urllib.request.urlopen("http://data.example.org/table.bin", timeout=10).read()
                    setup(name="fetchy", version="0.1.0", py_modules=["fetchy"])
                    """,
                ["fetchy.py"] = "VALUE = 1\n",
            },
            ["wrongsum"] = new Dictionary<string, string>
            {
                ["setup.py"] = "from setuptools import setup\nsetup(name='wrongsum', version='0.1.0', py_modules=['wrongsum'])\n",
                ["wrongsum.py"] = "def total(values):\n    return sum(values) + 1\n",
            },
            ["meddler"] = new Dictionary<string, string>
            {
                ["setup.py"] = "from setuptools import setup\nsetup(name='meddler', version='0.1.0', py_modules=['meddler'])\n",
                ["meddler.py"] = "VALUE = 1\n",
            },
            ["brokenc"] = new Dictionary<string, string>
            {
                ["setup.py"] = """
                    from setuptools import setup, Extension
                    setup(name="brokenc", version="0.1.0", ext_modules=[Extension("brokenc", ["brokenc.c"])])
                    """,
                ["brokenc.c"] = "#include <Python.h>\nstatic int broken(void) { return this is not C; }\n",
            },
        };
        var checkout = ScratchCheckout.Create(Path.Combine(_root, "checkout"), specs, ["fastsum", "zcodec"], made);
        _run = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(_root, "state"), [Platform], ["fastsum", "fetchy", "wrongsum", "meddler", "brokenc"], jobs: 2);
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_root, recursive: true);

    [Test]
    public void ABuildThatDownloadsFailsSayingItRunsWithoutNetwork()
    {
        var pair = _run.Pair("fetchy", Platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed));
        Assert.That(pair.Error, Does.Contain("builds run without network"));
        Assert.That(pair.Error, Does.Contain("Declare what it fetches"));
        Assert.That(_run.OutputFiles(Platform, "fetchy-*"), Is.Empty);
    }

    [Test]
    public void ABrokenCFileFailsWithTheCompilerErrorAndTheLogPathPrinted()
    {
        var pair = _run.Pair("brokenc", Platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed));
        Assert.That(pair.Error, Does.Contain("failed (exit"));
        Assert.That(_run.Output, Does.Match($@"last \d+ lines of {System.Text.RegularExpressions.Regex.Escape(pair.LogFile)}:"));
        Assert.That(_run.Output, Does.Contain("brokenc.c"));
        Assert.That(_run.Output, Does.Contain("error:"));
    }

    [Test]
    public void AWheelWhoseTestFailsInTheCleanRootfsIsNotAnOutput()
    {
        var pair = _run.Pair("wrongsum", Platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed));
        Assert.That(pair.Error, Does.Contain("failed verification on bookworm amd64"));
        Assert.That(pair.Error, Does.Contain("(AssertionError: wrong result)"), "the error names what failed");
        Assert.That(_run.LogOf("wrongsum", Platform), Does.Contain("AssertionError: wrong result"));
        var outputs = Path.Combine(_run.StateDirectory, "wheels", Platform);
        Assert.That(Directory.GetFiles(outputs, "wrongsum-*"), Is.Empty, "a wheel that failed verification is never moved to the outputs");
    }

    [Test]
    public void ATestWritesWhereItRunsButCannotChangeTheRootOtherWheelsAreCheckedIn()
    {
        // The run's checks share one container of the root: a test that could plant a sitecustomize there would break the next ones.
        var pair = _run.Pair("meddler", Platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), _run.LogOf("meddler", Platform));
        Assert.That(_run.LogOf("meddler", Platform), Does.Contain("verification passed"));
        Assert.That(_run.LogOf("fastsum", Platform), Does.Contain("verification passed"));
    }

    [Test]
    public void TheGoodPairBesideThemIsBuiltAndKept()
    {
        var pair = _run.Pair("fastsum", Platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), _run.Output);
        Assert.That(File.Exists(pair.Output!.WheelFile), Is.True);
        Assert.That(_run.Report.Succeeded, Is.False);
        Assert.That(_run.Report.Failed.Select(f => f.Wheel), Is.EquivalentTo(new[] { "fetchy==0.1.0", "wrongsum==0.1.0", "brokenc==0.1.0" }));
    }
}
