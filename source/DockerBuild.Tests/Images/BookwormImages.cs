using DockerBuild.Images;
using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Tests.Images;

/// <summary>
/// The two bookworm platforms (x64 and arm64) generated once per test run and shared by every Docker and Emulation
/// test. The state directory is reused across runs, so a machine bootstraps bookworm and builds each image once;
/// later runs find them by content key.
/// </summary>
internal static class BookwormImages
{
    public const string X64 = "linux-x64-py3.11";
    public const string Arm64 = "linux-arm64-py3.11";

    private static readonly Lazy<Task<BookwormImageSet>> Shared = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The generated set; the first caller pays for the generation.</summary>
    public static Task<BookwormImageSet> GetAsync() => Shared.Value;

    public static string Root => Path.Combine(Path.GetTempPath(), "dockerbuild-tests", "images");

    private static async Task<BookwormImageSet> CreateAsync()
    {
        var platformsDirectory = Path.Combine(Root, "platforms");
        Directory.CreateDirectory(platformsDirectory);
        await File.WriteAllTextAsync(Path.Combine(platformsDirectory, $"{X64}.yaml"), X64Yaml);
        await File.WriteAllTextAsync(Path.Combine(platformsDirectory, $"{Arm64}.yaml"), Arm64Yaml);
        var catalog = PlatformCatalog.Load(platformsDirectory);
        var output = new StringWriter();
        var settings = new ImageSettings { StateDirectory = Path.Combine(Root, "state"), Output = TextWriter.Synchronized(output) };
        var engine = ContainerEngine.AtUnixSocket();
        var platforms = new[] { catalog.Find(X64)!, catalog.Find(Arm64)! };
        var generated = await ImageGeneration.RunAsync(platforms, settings, engine);
        return new BookwormImageSet(catalog, settings, engine, generated, output.ToString());
    }

    public const string X64Yaml = """
        name: linux-x64-py3.11
        kind: linux
        python: "3.11"
        cross_triple: x86_64-linux-gnu
        wheel_abi: cp311
        wheel_plat:
          - manylinux_2_36_x86_64
          - linux_x86_64
        cipd_platform: linux-amd64
        default: true
        base:
          debian:
            suite: bookworm

        """;

    public const string Arm64Yaml = """
        name: linux-arm64-py3.11
        kind: linux
        python: "3.11"
        cross_triple: aarch64-linux-gnu
        wheel_abi: cp311
        wheel_plat:
          - manylinux_2_36_aarch64
          - linux_aarch64
        cipd_platform: linux-arm64
        qemu: aarch64
        default: true
        base:
          debian:
            suite: bookworm
            architecture: arm64

        """;
}

/// <summary>What the shared generation produced.</summary>
/// <param name="Engine">The engine as the product reaches it.</param>
internal sealed record BookwormImageSet(PlatformCatalog Catalog, ImageSettings Settings, ContainerEngine Engine,
    IReadOnlyList<GeneratedImage> FirstGeneration, string FirstOutput)
{
    public PlatformSpec Platform(string name) => Catalog.Find(name)!;
    public GeneratedImage Image(string name) => FirstGeneration.Single(g => g.Platform.Name == name);
}
