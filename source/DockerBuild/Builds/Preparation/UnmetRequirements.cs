using System.Text.Json;
using DockerBuild.Platforms;
using DockerBuild.Wheels;

namespace DockerBuild.Builds.Preparation;

/// <summary>
/// Turns the frontend's report of an unmet build requirement (a <c>DOCKERBUILD-UNMET</c> line, printed before the
/// backend runs) into one line that names the requirement, what the build environment has, and the YAML to add.
/// </summary>
public static class UnmetRequirements
{
    private const string Marker = "DOCKERBUILD-UNMET ";

    /// <summary>The message, or null when the log holds no such report.</summary>
    public static string? Explain(WheelSpec spec, PlatformSpec platform, IReadOnlyList<string> log, bool isolated)
    {
        var entries = log.Select(l => l.IndexOf(Marker, StringComparison.Ordinal) is var at and >= 0 ? l[(at + Marker.Length)..] : null)
            .OfType<string>().Select(Parse).OfType<Entry>().ToList();
        if (entries.Count == 0) return null;
        var parts = entries.Select(e => Describe(e, isolated, platform));
        var python = entries.Where(e => e.Stage != "crate").ToList();
        var crates = entries.Where(e => e.Stage == "crate").ToList();
        var fixes = new List<string>();
        if (python.Count > 0)
        {
            var pins = string.Join(", ", python.Select(e => $"{e.Name}==<version>").Distinct());
            fixes.Add(isolated ? $"add build_requires: [{pins}] pins that satisfy it"
                : $"add build_requires: [{pins}] (wheels from --index-url/--find-links, then kept in the store){DebianHint(python)}");
        }
        if (crates.Count > 0)
            fixes.Add($"add build_packages: [{string.Join(", ", crates.Select(e => $"librust-{e.Name.Replace('_', '-')}-dev"))}] "
                + "(crates come only from Debian's packages; a crate Debian does not package cannot be built here)");
        return $"{spec.DeclaredAt}: {spec.Id} cannot be built for {platform.Name}: {string.Join("; ", parts)}. Fix: {string.Join("; ", fixes)} in the spec.";
    }

    private static string Describe(Entry e, bool isolated, PlatformSpec platform)
    {
        if (e.Stage == "crate")
            return $"its Cargo.toml needs the Rust crate {e.Name}, which no Debian package in the image provides";
        var asked = e.Stage == "backend" ? $"its build backend asks for {e.Requirement} (get_requires_for_build_wheel)" : $"it requires {e.Requirement}";
        var have = e.Have is null
            ? isolated ? $"build_requires has no {e.Name}" : $"the build environment (Debian {platform.Base?.Debian?.Suite ?? "image"}) has no {e.Name}"
            : isolated ? $"build_requires pins {e.Name} {e.Have}" : $"the build environment has {e.Name} {e.Have} from {e.Origin}";
        return $"{asked}, but {have}";
    }

    /// <summary>Debian's name for a few build tools, so the hint names the package that really exists.</summary>
    private static string DebianHint(IReadOnlyList<Entry> entries)
    {
        var names = entries.Where(e => e.Have is null).Select(e => BuildRequirement.Normalise(e.Name) switch
        {
            "cython" => "cython3",
            "pybind11" => "pybind11-dev, python3-pybind11",
            var other => $"python3-{other}",
        }).ToList();
        var hint = names.Count == 0 ? "" : $", or build_packages: [{string.Join(", ", names)}] when Debian's version satisfies it";
        // Backends Debian packages only from trixie on: on an older suite only build_requires (or a newer platform) can provide them.
        var newer = entries.Where(e => e.Have is null && BuildRequirement.Normalise(e.Name) is "scikit-build-core" or "maturin").Select(e => e.Name).ToList();
        return newer.Count == 0 ? hint
            : hint + $" (Debian packages {string.Join(" and ", newer)} from trixie on: on an older suite pin it in build_requires, or build for a trixie platform such as linux-arm64-py3.13)";
    }

    private sealed record Entry(string Requirement, string Name, string? Have, string? Origin, string Stage);

    private static Entry? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Text(string key) => root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return Text("requirement") is { } requirement && Text("name") is { } name
                ? new Entry(requirement, name, Text("have"), Text("origin"), Text("stage") ?? "declared")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
