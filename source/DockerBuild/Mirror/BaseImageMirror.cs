using DockerBuild.Context;
using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;
using Spectre.Console;

namespace DockerBuild.Mirror;

/// <summary>
/// Copies each platform's upstream base image into the private registry, pinned by digest: pull
/// <c>&lt;upstream&gt;/&lt;repo&gt;@&lt;digest&gt;</c>, tag it <c>&lt;registry&gt;/&lt;repo&gt;:&lt;tag&gt;</c>, push it with
/// <c>--upload</c>, and record both digests. A copy already at the same digest costs two manifest look-ups.
/// </summary>
public sealed class BaseImageMirror(ContainerEngine engine, MirrorSettings settings, IAnsiConsole console)
{
    private readonly MirrorRecordStore _records = new(settings.StateDir);

    /// <summary>The entry point for the Mirror target: mirrors every selected Linux platform with the run's engine.</summary>
    public static async Task<StepReport> RunAsync(BuildContext context, IEnumerable<PlatformSpec> platforms, MirrorSettings options,
        CancellationToken cancellationToken)
    {
        var mirror = new BaseImageMirror(context.Engine, options with { StateDir = context.StateDirectory }, context.Output.Console);
        await mirror.MirrorAllAsync(platforms, cancellationToken);
        return StepReport.Done;
    }

    public async Task<IReadOnlyList<MirrorOutcome>> MirrorAllAsync(IEnumerable<PlatformSpec> platforms, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<MirrorOutcome>();
        foreach (var platform in platforms)
        {
            var outcome = await MirrorAsync(platform, cancellationToken);
            console.WriteLine(outcome.Summary);
            outcomes.Add(outcome);
        }
        return outcomes;
    }

    public async Task<MirrorOutcome> MirrorAsync(PlatformSpec platform, CancellationToken cancellationToken = default)
    {
        if (platform.Base?.Image is not { } upstreamImage)
        {
            var why = platform.Base?.Debian is { } debian ? $"Debian base ({debian.Suite}), bootstrapped locally" : "no base image";
            return new MirrorOutcome(platform.Name, MirrorAction.NotNeeded, null, $"{platform.Name}: {why}; no mirror needed.");
        }
        if (string.IsNullOrWhiteSpace(settings.Registry))
            throw new MirrorException($"--registry is required to mirror {platform.Name}'s base image {upstreamImage} (from {platform.SourceFile}); pass --registry host[:port] of the private registry.");

        var upstreamRepository = $"{settings.UpstreamRegistry}/{upstreamImage.Repository}";
        var upstream = $"{upstreamRepository}:{upstreamImage.Tag}";
        var mirrorRepository = $"{settings.Registry}/{upstreamImage.Repository}";
        var mirror = $"{mirrorRepository}:{upstreamImage.Tag}";

        var upstreamDigest = await ResolveUpstreamAsync(platform, upstream, cancellationToken);
        if (upstreamImage.Digest is { } pin && !string.Equals(pin, upstreamDigest, StringComparison.OrdinalIgnoreCase))
            throw new MirrorException($"{platform.Name}: {platform.SourceFile} pins {upstreamImage.Repository}:{upstreamImage.Tag} to {pin}, but {upstream} now resolves to {upstreamDigest}. " +
                                      "Update the pin after checking the new image, or point the platform at a tag that still serves the pinned digest.");

        if (_records.Read(platform.Name) is { } existing && existing.UpstreamDigest == upstreamDigest && existing.Image == mirror
            && await IsStillInPlaceAsync(existing, cancellationToken))
        {
            var where = existing.Uploaded ? $"{mirrorRepository}@{existing.MirrorDigest}" : $"{mirror} (local only)";
            return new MirrorOutcome(platform.Name, MirrorAction.AlreadyMirrored, existing,
                $"{platform.Name}: {upstream} already mirrored at {upstreamDigest} as {where}; nothing transferred.");
        }

        await EngineProgressDisplay.RunAsync($"Pulling {upstreamRepository}@{upstreamDigest}", async progress =>
        {
            await engine.Images.PullAsync(upstreamRepository, upstreamDigest, null, progress, cancellationToken);
            return true;
        }, console);
        await engine.Images.TagAsync($"{upstreamRepository}@{upstreamDigest}", mirrorRepository, upstreamImage.Tag, cancellationToken);
        var imageId = (await engine.Images.InspectAsync(mirror, cancellationToken)).Id;

        string? mirrorDigest = null;
        if (settings.Upload)
        {
            try
            {
                mirrorDigest = await EngineProgressDisplay.RunAsync($"Pushing {mirror}", progress =>
                    engine.Images.PushAsync(mirrorRepository, upstreamImage.Tag, PrivateRegistryAuth(), progress, cancellationToken), console);
            }
            catch (EngineException e)
            {
                throw new MirrorException($"{platform.Name}: pushing {mirror} to {settings.Registry} failed: {e.EngineMessage}", e);
            }
        }

        var record = new MirrorRecord
        {
            Platform = platform.Name, Upstream = upstream, UpstreamDigest = upstreamDigest, Image = mirror, ImageId = imageId, MirrorDigest = mirrorDigest,
        };
        await _records.WriteAsync(record, cancellationToken);
        return mirrorDigest is null
            ? new MirrorOutcome(platform.Name, MirrorAction.KeptLocal, record,
                $"{platform.Name}: pulled {upstream} at {upstreamDigest}; kept local as {mirror}, not pushed to {settings.Registry} (pass --upload to push it).")
            : new MirrorOutcome(platform.Name, MirrorAction.Uploaded, record,
                $"{platform.Name}: mirrored {upstream} at {upstreamDigest} to {mirrorRepository}@{mirrorDigest}.");
    }

    private async Task<string> ResolveUpstreamAsync(PlatformSpec platform, string upstream, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.Images.ServedDigestAsync(upstream, null, cancellationToken);
        }
        catch (EngineException e) when (e is not EngineUnreachableException)
        {
            throw new MirrorException($"{platform.Name}: could not resolve {upstream} in the upstream registry {settings.UpstreamRegistry}: {e.EngineMessage}", e);
        }
    }

    /// <summary>The recorded copy still exists where it was left: in the private registry at its digest, or in the engine.</summary>
    private async Task<bool> IsStillInPlaceAsync(MirrorRecord record, CancellationToken cancellationToken)
    {
        if (settings.Upload)
        {
            if (!record.Uploaded) return false;
            try
            {
                return await engine.Images.ServedDigestAsync(record.Image, PrivateRegistryAuth(), cancellationToken) == record.MirrorDigest;
            }
            catch (EngineException e) when (e is not EngineUnreachableException)
            {
                return false; // not in the registry (or not readable): push again
            }
        }
        var local = await engine.Images.FindAsync(record.Image, cancellationToken);
        return local?.Id == record.ImageId;
    }

    private RegistryCredentials? PrivateRegistryAuth() =>
        RegistryLogin.From(settings.RegistryUser, settings.RegistryPassword)?.For(settings.Registry!);
}
