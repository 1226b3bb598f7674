using System.Text.Json;
using DockerBuild.Tools.Process;

namespace DockerBuild.Tools.Cipd.Cli;

/// <summary>How to run the <c>cipd</c> client.</summary>
public sealed record CipdCliOptions
{
    /// <summary>The executable (a path, or a name looked up on PATH).</summary>
    public string Executable { get; init; } = "cipd";
    /// <summary>Passed as <c>-service-url</c> to every subcommand that talks to the service.</summary>
    public string? ServiceUrl { get; init; }
    /// <summary>Extra environment (e.g. <c>CIPD_CACHE_DIR</c>); never logged.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    /// <summary>Every invocation and its output are appended here when set.</summary>
    public string? LogFile { get; init; }
}

/// <summary>
/// Runs <c>cipd</c> subcommands with typed settings and reads their results from <c>-json-output</c> (never from
/// the human-readable output). A failure throws <see cref="CipdCliException"/> with the client's own error text.
/// </summary>
public sealed class CipdCli(CipdCliOptions options)
{
    /// <summary>The program this class runs (when <c>--cipd-service</c> names a service), for the host's prerequisites.</summary>
    public static readonly HostTool Tool = new("cipd", [], "talks to the CIPD service named by --cipd-service")
    {
        // Debian does not package the client.
        InstallAdvice = "install the cipd client (it ships with Chromium's depot_tools) and put it on PATH",
    };

    public CipdCliOptions Options { get; } = options;

    public async Task<CipdPin> CreateAsync(CipdCreateSettings settings, CancellationToken cancellationToken = default) =>
        CipdCliResults.Pin(await RunAsync(settings, cancellationToken));

    public async Task<CipdPin> PkgBuildAsync(CipdPkgBuildSettings settings, CancellationToken cancellationToken = default) =>
        CipdCliResults.Pin(await RunAsync(settings, cancellationToken));

    public async Task<CipdPin> PkgRegisterAsync(CipdPkgRegisterSettings settings, CancellationToken cancellationToken = default) =>
        CipdCliResults.Pin(await RunAsync(settings, cancellationToken));

    public async Task<CipdPin> PkgFetchAsync(CipdPkgFetchSettings settings, CancellationToken cancellationToken = default) =>
        CipdCliResults.Pin(await RunAsync(settings, cancellationToken));

    public async Task<CipdPin> PkgDeployAsync(CipdPkgDeploySettings settings, CancellationToken cancellationToken = default) =>
        CipdCliResults.Pin(await RunAsync(settings, cancellationToken));

    public async Task<IReadOnlyList<CipdPin>> SetRefAsync(CipdSetRefSettings settings, CancellationToken cancellationToken = default) =>
        Single(CipdCliResults.PinsBySubdirectory(await RunAsync(settings, cancellationToken)));

    public async Task<IReadOnlyList<CipdPin>> SetTagAsync(CipdSetTagSettings settings, CancellationToken cancellationToken = default) =>
        Single(CipdCliResults.PinsBySubdirectory(await RunAsync(settings, cancellationToken)));

    /// <summary>The pin a version resolves to.</summary>
    public async Task<CipdPin> ResolveAsync(CipdResolveSettings settings, CancellationToken cancellationToken = default)
    {
        var pins = Single(CipdCliResults.PinsBySubdirectory(await RunAsync(settings, cancellationToken)));
        return pins.Count == 1 ? pins[0] : throw new CipdCliException($"cipd resolve {settings.Package} -version {settings.Version} gave {pins.Count} pins, expected one", null);
    }

    public async Task<IReadOnlyList<CipdPin>> SearchAsync(CipdSearchSettings settings, CancellationToken cancellationToken = default) =>
        CipdCliResults.Pins(await RunAsync(settings, cancellationToken));

    public async Task<CipdCliDescription> DescribeAsync(CipdDescribeSettings settings, CancellationToken cancellationToken = default) =>
        CipdCliResults.Description(await RunAsync(settings, cancellationToken));

    /// <summary>Installed pins per subdirectory of the root.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<CipdPin>>> EnsureAsync(CipdEnsureSettings settings, CancellationToken cancellationToken = default) =>
        CipdCliResults.PinsBySubdirectory(await RunAsync(settings, cancellationToken));

    public async Task<IReadOnlyList<string>> ListPackagesAsync(CipdListPackagesSettings settings, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(settings, cancellationToken);
        return result.ValueKind == JsonValueKind.Array
            ? result.EnumerateArray().Select(p => p.GetString() ?? "").Where(p => p.Length > 0 && !p.EndsWith('/')).ToList()
            : [];
    }

    public async Task<IReadOnlyList<CipdPin>> ListInstancesAsync(CipdInstancesSettings settings, CancellationToken cancellationToken = default) =>
        CipdCliResults.Instances(await RunAsync(settings, cancellationToken));

    /// <summary>Runs one subcommand and returns the <c>result</c> member of its JSON output.</summary>
    public async Task<JsonElement> RunAsync(CipdCliSettings settings, CancellationToken cancellationToken = default)
    {
        var executable = ProcessRunner.Which(Options.Executable)
            ?? throw new CipdCliException($"the cipd client \"{Options.Executable}\" was not found on PATH; {Tool.InstallAdvice}, or pass its path", null);
        var jsonFile = Path.Combine(Path.GetTempPath(), $"cipd-{Guid.NewGuid():N}.json");
        var extra = new List<string>();
        if (settings.UsesService && Options.ServiceUrl is not null) extra.AddRange(["-service-url", Options.ServiceUrl]);
        extra.AddRange(["-json-output", jsonFile]);
        var spec = new ProcessSpec
        {
            FileName = executable,
            Arguments = [settings.Command, .. settings.Arguments(extra)],
            Environment = Options.Environment,
            LogFile = Options.LogFile,
        };
        try
        {
            var result = await ProcessRunner.RunAsync(spec, cancellationToken);
            using var document = File.Exists(jsonFile) ? JsonDocument.Parse(await File.ReadAllBytesAsync(jsonFile, cancellationToken)) : null;
            var root = document?.RootElement;
            var error = root is { } r && r.TryGetProperty("error", out var e) ? e.GetString() : null;
            var code = root is { } r2 && r2.TryGetProperty("error_code", out var c) ? c.GetString() : null;
            if (!result.Succeeded || error is not null)
            {
                var detail = error ?? LastLines(result.StandardError.Length > 0 ? result.StandardError : result.StandardOutput);
                throw new CipdCliException($"'{spec}' failed (exit code {result.ExitCode}): {detail}", code);
            }
            if (root is null) throw new CipdCliException($"'{spec}' succeeded but wrote no JSON output to {jsonFile}", null);
            return root.Value.TryGetProperty("result", out var value) ? value.Clone() : default;
        }
        catch (JsonException e)
        {
            throw new CipdCliException($"'{spec}' wrote unreadable JSON output: {e.Message}", null);
        }
        finally
        {
            File.Delete(jsonFile);
        }
    }

    private static IReadOnlyList<CipdPin> Single(IReadOnlyDictionary<string, IReadOnlyList<CipdPin>> bySubdirectory) =>
        bySubdirectory.Values.SelectMany(p => p).ToList();

    private static string LastLines(string text) =>
        string.Join(Environment.NewLine, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(20));
}
