using System.Collections;
using DockerBuild.Graph.Logging;

namespace DockerBuild.Graph.Parameters;

/// <summary>Sets the build's <see cref="ParameterAttribute"/> members from their sources; unset ones keep their initialisers.</summary>
internal static class ParameterInjector
{
    public static void Inject(GraphBuild build, ParameterCatalog catalog, ParameterSources sources, SecretMasker masker)
    {
        // Secrets are registered before any conversion so that no later message can show them.
        foreach (var secret in catalog.Custom.Where(p => p.IsSecret))
            foreach (var text in sources.RawTexts(secret))
                masker.Add(text);

        foreach (var parameter in catalog.Custom)
        {
            if (sources.Find(parameter) is { } found)
                parameter.SetValue(build, found.Value);
            if (parameter.IsSecret)
                foreach (var text in Texts(parameter.GetValue(build)))
                    masker.Add(text);
        }
    }

    private static IEnumerable<string> Texts(object? value) => value switch
    {
        null => [],
        string s => [s],
        IEnumerable items => items.Cast<object?>().Select(i => i?.ToString() ?? "").ToList(),
        _ => [value.ToString() ?? ""],
    };
}
