namespace DockerBuild.Images;

/// <summary>
/// Deploys the recipe's sources from the CIPD store into the build context (<c>sources/&lt;last name segment&gt;/</c>).
/// Debian bases need none; the hook exists so an image recipe can carry interned sources, keyed by instance ID.
/// </summary>
public static class RecipeSourceDeployment
{
    /// <summary>The directory holding the deployed sources, or null when the recipe has none.</summary>
    public static async Task<string?> DeployAsync(ImageSettings settings, string scratch, CancellationToken cancellationToken)
    {
        if (settings.RecipeSources.Count == 0) return null;
        var store = settings.Cipd
            ?? throw new InvalidOperationException($"the image recipe copies in {string.Join(", ", settings.RecipeSources)} but no CIPD store was given (ImageSettings.Cipd).");
        var root = Path.Combine(scratch, "sources");
        foreach (var pin in settings.RecipeSources)
        {
            var directory = Path.Combine(root, pin.Package[(pin.Package.LastIndexOf('/') + 1)..]);
            Directory.CreateDirectory(directory);
            await store.DeployAsync(pin, directory, cancellationToken);
        }
        return root;
    }
}
