using DockerBuild.Tests.Reliability.Support;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// A wheel spec names a patch that no longer applies to its source (one hunk fits, one does not), and the real
/// BuildWheel runs it beside a healthy pair: the error names the patch file, the file and the failed hunk; the other
/// pair is built; nothing is recorded for the patched pair.
/// </summary>
[TestFixture, Category("Reliability")]
public sealed class StalePatchTests
{
    private const string PatchName = "fastsum-stale.patch";

    // The setup.py hunk fits the shipped source; the fastsum.c hunk expects lines the file does not have.
    private const string Patch = """
        --- a/setup.py
        +++ b/setup.py
        @@ -1,2 +1,3 @@
         # The extension is declared here because pyproject.toml cannot declare C extensions for setuptools.
        +# Patched.
         from setuptools import Extension, setup
        --- a/src/fastsum.c
        +++ b/src/fastsum.c
        @@ -4,3 +4,3 @@
         #define PY_SSIZE_T_CLEAN
        -#include <Python.h>
        -#include <stdint.h> /* an older release's include line */
        +#include <Python.h>
        +#include <inttypes.h>

        """;

    [Test]
    public async Task APatchThatDoesNotApplyFailsItsPairNamingTheHunkAndTheOtherPairIsBuilt()
    {
        using var checkout = new ScratchCheckout();
        File.WriteAllText(Path.Combine(checkout.Wheels, "patches", PatchName), Patch.Replace("\r", ""));
        checkout.EditWheels("local.yaml", "      path: local/fastsum\n", $"      path: local/fastsum\n    patches: [{PatchName}]\n");
        var platform = InterruptedWheelBuildTests.Platform;

        var result = await BuildCommand.RunAsync(checkout, ["BuildWheel", "--platform", platform, "--wheel", "fastsum", "zcodec", "--jobs", "1"]);
        var output = result.StandardOutput + result.StandardError;
        var outputs = Path.Combine(checkout.StateDirectory, "wheels", platform);
        var files = Directory.Exists(outputs) ? Directory.EnumerateFiles(outputs).Select(Path.GetFileName).Order().ToList() : [];
        var failure = TamperedSourceTests.FirstLineWith(output, "fastsum==1.0.0 @ linux-x64-py3.11: FAILED");
        var problems = await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero, output);
            Assert.That(failure, Does.Contain($"patch '{PatchName}'").And.Contain("src/fastsum.c: Hunk #1 FAILED at 4"),
                "the error's first line names the patch, the file and the hunk");
            Assert.That(failure, Does.Not.Contain("setup.py"), "the hunk that applied is not presented as the failure");
            Assert.That(output, Does.Contain("zcodec==1.0.0 @ linux-x64-py3.11: built"), "the other pair is unaffected");
            Assert.That(files, Has.None.StartsWith("fastsum"), "nothing is recorded for the failed pair");
            Assert.That(files, Has.Some.StartsWith("zcodec-1.0.0-").And.Some.EndsWith(".whl.json"));
            Assert.That(output, Does.Not.Contain("Unhandled exception"));
            Assert.That(problems, Is.Empty);
        });
        ReliabilityLedger.Record("A patch that does not apply (BuildWheel)",
            $"fastsum with {PatchName} (setup.py hunk fits, src/fastsum.c hunk does not) beside zcodec, on {platform}",
            $"exit {result.ExitCode}: \"{failure.Trim()}\"; zcodec built; no fastsum wheel or record in the outputs");
    }
}
