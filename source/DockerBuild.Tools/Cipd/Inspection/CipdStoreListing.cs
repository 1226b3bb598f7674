using System.Globalization;

namespace DockerBuild.Tools.Cipd.Inspection;

/// <summary>
/// A human-readable listing of a store: every package under a prefix, each instance (oldest first) with its
/// registration time, refs and tags. Works on any <see cref="ICipdRepository"/>.
/// </summary>
public sealed class CipdStoreListing(ICipdRepository repository)
{
    public async Task RenderAsync(TextWriter output, string prefix = "", CancellationToken cancellationToken = default)
    {
        var packages = await repository.ListPackagesAsync(prefix, cancellationToken);
        if (packages.Count == 0)
        {
            await output.WriteLineAsync(prefix.Length == 0 ? "No packages." : $"No packages under \"{prefix}\".");
            return;
        }
        foreach (var package in packages)
        {
            var instances = await repository.ListInstancesAsync(package, cancellationToken);
            await output.WriteLineAsync($"{package} ({instances.Count} instance{(instances.Count == 1 ? "" : "s")})");
            foreach (var pin in instances)
            {
                var d = await repository.DescribeAsync(pin, cancellationToken);
                var when = d.RegisteredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                await output.WriteLineAsync($"  {pin.InstanceId}  registered {when}");
                if (d.Refs.Count > 0) await output.WriteLineAsync($"    refs: {string.Join(", ", d.Refs)}");
                if (d.Tags.Count > 0) await output.WriteLineAsync($"    tags: {string.Join(", ", d.Tags)}");
            }
        }
    }

    public async Task<string> RenderAsync(string prefix = "", CancellationToken cancellationToken = default)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        await RenderAsync(text, prefix, cancellationToken);
        return text.ToString();
    }
}
