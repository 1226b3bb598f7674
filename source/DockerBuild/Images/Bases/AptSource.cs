namespace DockerBuild.Images.Bases;

/// <summary>One apt source entry of the host: an archive URI and the suites and components it serves.</summary>
public sealed record AptSource(string Uri, IReadOnlyList<string> Suites, IReadOnlyList<string> Components, string DeclaredIn);
