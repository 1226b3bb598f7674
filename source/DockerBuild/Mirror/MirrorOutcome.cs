namespace DockerBuild.Mirror;

/// <summary>What Mirror did for one platform.</summary>
public enum MirrorAction
{
    /// <summary>The platform starts from a Debian bootstrap (or has no image): nothing to mirror.</summary>
    NotNeeded,
    /// <summary>Already mirrored at the same digest: nothing was transferred.</summary>
    AlreadyMirrored,
    /// <summary>Pulled and pushed to the private registry.</summary>
    Uploaded,
    /// <summary>Pulled and tagged, kept in the local engine (no --upload).</summary>
    KeptLocal,
}

/// <summary>The result for one platform; <see cref="Record"/> is null only when nothing needed mirroring.</summary>
public sealed record MirrorOutcome(string Platform, MirrorAction Action, MirrorRecord? Record, string Summary);
