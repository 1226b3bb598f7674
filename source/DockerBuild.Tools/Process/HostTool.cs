namespace DockerBuild.Tools.Process;

/// <summary>
/// An external program the product starts on the host, declared once by the code that starts it: its name, the
/// Debian packages that provide it, and what it is for. Prerequisites installs it from this declaration before a run
/// needs it, and the code that starts it reports it missing in the same words.
/// </summary>
public sealed record HostTool(string Program, IReadOnlyList<string> DebianPackages, string Purpose)
{
    public HostTool(string program, string debianPackage, string purpose) : this(program, [debianPackage], purpose) { }

    /// <summary>How to get a program Debian does not package (shown instead of an apt-get command).</summary>
    public string? InstallAdvice { get; init; }

    /// <summary>
    /// Arguments the found program must run successfully with to count as usable (python3 without pip is not);
    /// empty when being found is enough.
    /// </summary>
    public IReadOnlyList<string> Probe { get; init; } = [];

    /// <summary>Whether apt-get can install it.</summary>
    public bool IsDebianPackaged => DebianPackages.Count > 0;

    // Administrative programs (debootstrap, update-binfmts) live in sbin directories, which are not on every user's PATH.
    private static readonly string[] SbinDirectories = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    /// <summary>Where programs are looked for: PATH, then the sbin directories.</summary>
    public static IReadOnlyList<string> SearchDirectories() =>
        [.. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries), .. SbinDirectories];

    /// <summary>The program's full path in <paramref name="directories"/> (default: <see cref="SearchDirectories"/>), or null.</summary>
    public string? Locate(IEnumerable<string>? directories = null) =>
        (directories ?? SearchDirectories()).Select(d => Path.Combine(d, Program)).FirstOrDefault(File.Exists);

    /// <summary>The program's full path, or <see cref="HostToolMissingException"/> saying what it is for and how to install it.</summary>
    public string LocateOrThrow() => Locate() ?? throw new HostToolMissingException(this);

    /// <summary>What a user runs to get it: the apt-get command, or the advice for an unpackaged program.</summary>
    public string InstallCommand => IsDebianPackaged
        ? $"apt-get install {string.Join(' ', DebianPackages)}"
        : InstallAdvice ?? $"install {Program} and put it on PATH";

    /// <summary>The sentence for a missing program: its name, its purpose, and how to install it.</summary>
    public string MissingMessage => $"{Program} is not on PATH; it {Purpose}. Install it: {InstallCommand}"
        + (IsDebianPackaged ? $" (Debian package {string.Join(", ", DebianPackages)})" : "");
}

/// <summary>A host program a step needs is missing; the message names it, its purpose and how to install it.</summary>
public sealed class HostToolMissingException(HostTool tool) : InvalidOperationException(tool.MissingMessage)
{
    public HostTool Tool { get; } = tool;
}
