using NUnit.Framework;
using DockerBuild.Tools.Process;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>
/// Builds real shared objects with the host's C compilers (native gcc and the Debian cross compilers) so the ELF
/// reader and the repair see what a real build produces. A missing compiler fails the test naming the package.
/// </summary>
internal static class NativeToolchain
{
    /// <summary>Compiler and the Debian package that installs it, by wheel architecture.</summary>
    public static readonly IReadOnlyDictionary<string, (string Compiler, string Package)> Compilers = new Dictionary<string, (string, string)>
    {
        ["x86_64"] = ("gcc", "gcc"),
        ["i686"] = ("i686-linux-gnu-gcc", "gcc-i686-linux-gnu"),
        ["aarch64"] = ("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"),
        ["armv7l"] = ("arm-linux-gnueabihf-gcc", "gcc-arm-linux-gnueabihf"),
        ["ppc64le"] = ("powerpc64le-linux-gnu-gcc", "gcc-powerpc64le-linux-gnu"),
        ["s390x"] = ("s390x-linux-gnu-gcc", "gcc-s390x-linux-gnu"),
    };

    /// <summary>Calls memcpy (GLIBC_2.14 on x86-64, the first version elsewhere) and getrandom (GLIBC_2.25).</summary>
    public const string GlibcUser = """
        #include <string.h>
        #include <sys/random.h>
        void *copy_bytes(void *d, const void *s, size_t n) { return memcpy(d, s, n); }
        long entropy(void *b, size_t n) { return (long)getrandom(b, n, 0); }
        """;

    /// <summary>Only memcpy: an old GLIBC requirement.</summary>
    public const string MemcpyUser = """
        #include <string.h>
        void *copy_bytes(void *d, const void *s, size_t n) { return memcpy(d, s, n); }
        """;

    /// <summary>Compiles <paramref name="source"/> into a shared object for <paramref name="architecture"/>.</summary>
    public static Task<string> SharedObjectAsync(string architecture, string source, string output, params string[] extra)
        => CompileAsync(architecture, source, output, ["-shared", "-fPIC", "-O0", "-fno-builtin"], extra);

    /// <summary>Compiles <paramref name="source"/> into an executable for <paramref name="architecture"/>.</summary>
    public static Task<string> ExecutableAsync(string architecture, string source, string output, params string[] flags)
        => CompileAsync(architecture, source, output, flags, []);

    /// <summary>Compiles C++ <paramref name="source"/> into a host (x86-64) shared object with g++.</summary>
    public static Task<string> HostCxxSharedObjectAsync(string source, string output)
        => CompileAsync("g++", "g++", source, output, ["-shared", "-fPIC", "-O0"], [], ".cpp");

    private static Task<string> CompileAsync(string architecture, string source, string output, string[] flags, string[] libraries)
        => CompileAsync(Compilers[architecture].Compiler, Compilers[architecture].Package, source, output, flags, libraries, ".c");

    private static async Task<string> CompileAsync(string compiler, string package, string source, string output, string[] flags, string[] libraries, string extension)
    {
        var path = ProcessRunner.Which(compiler);
        if (path is null)
            Assert.Fail($"{compiler} is not installed; install it with: apt-get install -y {package}");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var sourceFile = output + extension;
        await File.WriteAllTextAsync(sourceFile, source);
        await ProcessRunner.RunCheckedAsync(new ProcessSpec
        {
            FileName = path!,
            // Libraries after the source: with --as-needed a library named first would not be recorded as needed.
            Arguments = [.. flags, "-o", output, sourceFile, .. libraries],
        });
        return output;
    }

    /// <summary>The output of a binutils readelf run (the oracle the reader is checked against).</summary>
    public static async Task<string> ReadElfAsync(params string[] arguments)
    {
        var readelf = ProcessRunner.Which("readelf");
        if (readelf is null) Assert.Fail("readelf is not installed; install it with: apt-get install -y binutils");
        return (await ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = readelf!, Arguments = ["--wide", .. arguments] })).StandardOutput;
    }

    /// <summary>readelf -V: the version needs as (file, version) pairs.</summary>
    public static async Task<List<(string Library, string Version)>> VersionNeedsAsync(string file)
    {
        var text = await ReadElfAsync("-V", file);
        var pairs = new List<(string, string)>();
        string? library = null;
        var inNeeds = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("Version needs section", StringComparison.Ordinal)) { inNeeds = true; continue; }
            if (line.StartsWith("Version ", StringComparison.Ordinal) || line.StartsWith("Version symbols", StringComparison.Ordinal)) inNeeds = false;
            if (!inNeeds) continue;
            var fileAt = line.IndexOf("File: ", StringComparison.Ordinal);
            if (fileAt >= 0) { library = line[(fileAt + 6)..].Split(' ')[0]; continue; }
            var nameAt = line.IndexOf("Name: ", StringComparison.Ordinal);
            if (nameAt >= 0 && library is not null) pairs.Add((library, line[(nameAt + 6)..].Split(' ')[0]));
        }
        return pairs;
    }

    /// <summary>readelf -d: the value in brackets of every dynamic entry of a type (NEEDED, SONAME, RPATH, RUNPATH).</summary>
    public static async Task<List<string>> DynamicAsync(string file, string type)
    {
        var text = await ReadElfAsync("-d", file);
        return text.Split('\n').Where(l => l.Contains($"({type})", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('[') + 1)..l.LastIndexOf(']')]).ToList();
    }
}
