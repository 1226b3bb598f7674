namespace DockerBuild.Graph.Planning.Rendering;

/// <summary>
/// The plan page's stylesheet and script, kept as real .css/.js files embedded in this assembly so they can be
/// read and edited as what they are; they are inlined into the page, which therefore needs no network.
/// </summary>
internal static class PageAssets
{
    private static readonly Lazy<string> StylesheetText = new(() => Read("execution-plan.css"));
    private static readonly Lazy<string> ScriptText = new(() => Read("execution-plan.js"));

    public static string Stylesheet => StylesheetText.Value;
    public static string Script => ScriptText.Value;

    private static string Read(string fileName)
    {
        var name = "DockerBuild.Graph.Planning.Assets." + fileName;
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException(
                $"Resource '{name}' is missing from {typeof(PageAssets).Assembly.GetName().Name}; " +
                "it is embedded from Planning/Rendering/Assets by the project file.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
