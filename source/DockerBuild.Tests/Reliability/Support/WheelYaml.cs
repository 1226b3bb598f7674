namespace DockerBuild.Tests.Reliability.Support;

/// <summary>Wheel spec YAML for url sources, as a user would write it.</summary>
internal static class WheelYaml
{
    public static string Wheels(params string[] entries) => "wheels:\n" + string.Concat(entries);

    public static string UrlSource(string name, string version, Uri url, string sha256) => $"""
          - name: {name}
            version: {version}
            kind: UniversalSource
            source:
              kind: url
              url: {url}
              sha256: {sha256}

        """;
}
