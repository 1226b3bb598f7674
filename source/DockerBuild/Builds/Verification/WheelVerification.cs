using System.Text;
using DockerBuild.Builds.Containers;
using DockerBuild.Images;
using DockerBuild.Tools.Engine;
using DockerBuild.Wheels;

namespace DockerBuild.Builds.Verification;

/// <summary>Where a wheel is verified: a Debian suite and architecture (the platform's, or the build machine's for pure wheels).</summary>
public sealed record VerificationTarget(string Suite, string Architecture);

/// <summary>
/// Installs a wheel into a clean environment of the target architecture and runs it: the wheel is unpacked as an
/// installer lays it out, copied into the run's container of the verification rootfs (no network; foreign architectures
/// run under QEMU through binfmt) as a directory on PYTHONPATH, and a fresh unprivileged interpreter imports its module
/// and runs the spec's <c>test:</c> (<see cref="WarmVerificationContainer"/>). A wheel that
/// fails here is never an output.
/// </summary>
public static class WheelVerification
{
    /// <summary>
    /// Starts making the target's root present, so that it is prepared while the wheel builds; the task
    /// <see cref="VerifyAsync"/> awaits.
    /// </summary>
    public static Task<string> PrepareAsync(VerificationTarget target, ImageSettings images, ContainerEngine engine, CancellationToken cancellationToken)
    {
        var rootfs = VerificationRootfs.EnsureAsync(target.Suite, target.Architecture, [], images, engine, images.Output, cancellationToken);
        // A pair that fails before verifying never awaits it; its failure is the next pair's to see.
        _ = rootfs.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        return rootfs;
    }

    /// <summary>Throws <see cref="WheelVerificationException"/> with the output's last lines when import or test fails.</summary>
    public static async Task VerifyAsync(string wheelFile, WheelSpec spec, VerificationTarget target, Task<string> prepared,
        WarmVerificationContainers containers, PairLog log, CancellationToken cancellationToken)
    {
        var rootfs = await prepared;
        var name = Path.GetFileName(wheelFile);
        // Laid out here rather than by a second interpreter in the container: under QEMU each Python start costs seconds.
        var site = wheelFile + $".site-{Guid.NewGuid():N}";
        try
        {
            WheelInstallLayout.Unpack(wheelFile, site);
            log.Write($"unpacked {name} for {WarmVerificationContainer.JobsDirectory}/<check>/site");
            log.Write($"verifying {name} in {rootfs} ({target.Suite} {target.Architecture}, no network)");
            var (exit, output) = await containers.CheckAsync(rootfs, site, CheckScript(spec), cancellationToken);
            if (output.Length > 0) log.WriteBlock(output);
            if (exit != 0)
                throw new WheelVerificationException($"{name} failed verification on {target.Suite} {target.Architecture} (exit {exit}): "
                    + $"importing {spec.ImportName}{(spec.Test is null ? "" : " or running its test")} failed"
                    + (log.Tail().LastOrDefault(l => l.StartsWith("Traceback", StringComparison.Ordinal) || l.Contains("Error", StringComparison.Ordinal)) is { } last
                        ? $" ({last.Trim()})" : "")
                    + (NetworkAccessDiagnosis.Explain(spec.Id, log.Tail()) is null ? "" : "; the test tried to use the network, which verification never has")
                    + "; see the log.");
        }
        finally
        {
            if (System.IO.Directory.Exists(site)) System.IO.Directory.Delete(site, recursive: true);
        }
        log.Write($"verified {name}: imported {spec.ImportName}{(spec.Test is null ? "" : " and its test passed")}");
    }

    /// <summary>The script run in the container: import, show where from, then the spec's test as written.</summary>
    public static byte[] CheckScript(WheelSpec spec)
    {
        var script = new StringBuilder();
        script.Append("print('python', __import__('sys').version.split()[0])\n");
        script.Append($"import {spec.ImportName}\n");
        script.Append($"print('imported {spec.ImportName} from', getattr({spec.ImportName}, '__file__', '?'))\n");
        if (spec.Test is { } test) script.Append(test.TrimEnd()).Append('\n');
        script.Append("print('verification passed')\n");
        return Encoding.UTF8.GetBytes(script.ToString());
    }
}

/// <summary>A built wheel did not import or its test failed in the clean target environment.</summary>
public sealed class WheelVerificationException(string message) : Exception(message);
