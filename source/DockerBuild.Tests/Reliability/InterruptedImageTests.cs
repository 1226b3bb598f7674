using System.Text.RegularExpressions;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Engine;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// GenerateImage killed with SIGKILL while the engine builds: a platform whose env holds a fresh value, so its content
/// key is new but the base and apt layers come from the engine's cache. After each kill no image carries the key's
/// tag half-made, no manifest or entrypoint script is half-written, the lock is free; the rerun builds it.
/// </summary>
[TestFixture, Category("Reliability")]
public sealed partial class InterruptedImageTests
{
    private const string Platform = "linux-x64-py3.11";

    [Test]
    public async Task KilledDuringTheImageBuildLeavesNothingHalfMadeAndTheRerunBuildsIt()
    {
        using var checkout = new ScratchCheckout();
        var probe = Guid.NewGuid().ToString("N")[..12];
        var platformFile = Path.Combine(checkout.Platforms, $"{Platform}.yaml");
        File.WriteAllText(platformFile, File.ReadAllText(platformFile).Replace("env: {}", $"env: {{RELIABILITY_PROBE: \"{probe}\"}}"));
        using var docker = ContainerEngine.AtUnixSocket();
        string[] arguments = ["GenerateImage", "--platform", Platform];
        string? reference = null;
        var kills = new List<string>();
        try
        {
            // The apt step (cached: the key changed only in a later ENV), then a RUN step that really executes.
            foreach (var step in new[] { "Step 3/", "Step 8/" })
            {
                using var build = await BuildCommand.StartAsync(checkout, arguments);
                var building = await build.WaitForLineAsync(l => l.Contains($"{Platform}: building "), TimeSpan.FromMinutes(5));
                reference = BuildingReference().Match(building).Groups[1].Value;
                await build.WaitForLineAsync(l => l.Contains(step), TimeSpan.FromMinutes(5));
                await build.KillHardAsync();

                var image = await docker.Images.FindAsync(reference, CancellationToken.None);
                var key = reference.Split(':')[^1];
                kills.Add($"at '{step.Trim()}': image {(image is null ? "absent" : "complete")}");
                await Assert.MultipleAsync(async () =>
                {
                    Assert.That(image is null || image.Labels.GetValueOrDefault("org.dockerbuild.content-key") == key, Is.True,
                        $"{reference} exists without its content-key label: a half-made image under the final tag");
                    Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterInterruption), Is.Empty);
                    AssertCompleteOrAbsent(Path.Combine(checkout.StateDirectory, "images", $"{Platform}.manifest"), "\t");
                    AssertCompleteOrAbsent(Path.Combine(checkout.StateDirectory, "bin", $"dockcross-{Platform}"), "#!");
                });
            }

            var rerun = await BuildCommand.RunAsync(checkout, arguments);
            Assert.That(rerun.ExitCode, Is.Zero, rerun.StandardOutput + rerun.StandardError);
            var built = await docker.Images.FindAsync(reference!, CancellationToken.None);
            await Assert.MultipleAsync(async () =>
            {
                Assert.That(rerun.StandardOutput, Does.Contain($"{Platform}: built {reference}").Or.Contain(reference!));
                Assert.That(built?.Env, Does.Contain($"RELIABILITY_PROBE={probe}"), "the image has the platform's env");
                Assert.That(File.Exists(Path.Combine(checkout.StateDirectory, "images", $"{Platform}.manifest")), "manifest written");
                Assert.That(File.Exists(Path.Combine(checkout.StateDirectory, "bin", $"dockcross-{Platform}")), "entrypoint script written");
                Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun), Is.Empty);
            });
            ReliabilityLedger.Record("SIGKILL during GenerateImage",
                $"{Platform} with env RELIABILITY_PROBE={probe} (new key, cached base/apt layers); SIGKILL when the build log reached Step 3 (apt) and Step 8 (RUN)",
                $"{string.Join("; ", kills)}; no half-written manifest/script, lock free; rerun exit 0 built {reference}");
        }
        finally
        {
            if (reference is not null && await docker.Images.FindAsync(reference, CancellationToken.None) is not null)
                await docker.Images.RemoveAsync(reference, CancellationToken.None, force: true);
        }
    }

    private static void AssertCompleteOrAbsent(string file, string marker)
    {
        if (!File.Exists(file)) return;
        Assert.That(File.ReadAllText(file), Does.Contain(marker), $"{file} is half-written");
    }

    [GeneratedRegex(@"building (\S+:[0-9a-f]{64})")]
    private static partial Regex BuildingReference();
}
