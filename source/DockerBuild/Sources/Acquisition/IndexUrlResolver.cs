using DockerBuild.Tools.Pip;

namespace DockerBuild.Sources.Acquisition;

/// <summary>Chooses the package index: the explicit setting, else what the host's pip is configured with, else a clear failure.</summary>
public static class IndexUrlResolver
{
    public static Uri Resolve(string? explicitIndexUrl, PipIndexConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(explicitIndexUrl)) return Parse(explicitIndexUrl, "--index-url");
        var configured = configuration.Find()
            ?? throw new InvalidOperationException("pypi sources need a package index, and none is configured: pass --index-url <simple index URL> "
                + $"(or set one for pip; looked at {string.Join(", ", configuration.Places)})");
        return Parse(configured.Url, configured.Origin);
    }

    private static Uri Parse(string value, string origin)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"the package index URL from {origin} is not an absolute http(s) URL: "
                + $"'{(value.Contains('@') ? "…@" + value[(value.LastIndexOf('@') + 1)..] : value)}'");
}
