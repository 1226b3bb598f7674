namespace DockerBuild.Lifecycle;

/// <summary>A lifecycle step this revision cannot perform yet: it fails rather than report work it did not do.</summary>
public sealed class FeatureUnavailableException(string step, string what)
    : Exception($"{step} is not available yet in this revision: {what}");
