namespace DockerBuild.Tools.Cipd.Cli;

/// <summary>
/// The real CIPD service behind <see cref="ICipdRepository"/>, through the <c>cipd</c> client (used when a service
/// URL is given). Versions that do not resolve give null; a tag on several instances is an error, as locally.
/// </summary>
public sealed class CipdCliRepository(CipdCli cli) : ICipdRepository
{
    private const string InvalidVersion = "invalid_version_error";

    public CipdCli Cli { get; } = cli;

    public Task<CipdPin> RegisterAsync(string packageFile, CancellationToken cancellationToken = default) =>
        Cli.PkgRegisterAsync(new CipdPkgRegisterSettings(Path.GetFullPath(packageFile)), cancellationToken);

    public async Task<CipdPin?> ResolveAsync(string package, string version, CancellationToken cancellationToken = default)
    {
        CipdNames.RequirePackageName(package);
        CipdNames.ClassifyVersion(version);
        try
        {
            return await Cli.ResolveAsync(new CipdResolveSettings(package, version), cancellationToken);
        }
        catch (CipdCliException e) when (e.Message.Contains("ambiguity", StringComparison.OrdinalIgnoreCase))
        {
            throw new CipdStoreException($"ambiguity when resolving \"{version}\" of package {package}: {e.Message}", e);
        }
        catch (CipdCliException e) when (e.ErrorCode == InvalidVersion)
        {
            return null;
        }
    }

    public async Task SetTagsAsync(CipdPin pin, IEnumerable<string> tags, CancellationToken cancellationToken = default) =>
        await Cli.SetTagAsync(new CipdSetTagSettings(pin.Package, pin.InstanceId, tags.ToList()), cancellationToken);

    public async Task SetRefAsync(CipdPin pin, string refName, CancellationToken cancellationToken = default) =>
        await Cli.SetRefAsync(new CipdSetRefSettings(pin.Package, pin.InstanceId, [refName]), cancellationToken);

    public async Task FetchAsync(CipdPin pin, string destinationFile, CancellationToken cancellationToken = default)
    {
        var fetched = await Cli.PkgFetchAsync(new CipdPkgFetchSettings(pin.Package, pin.InstanceId, Path.GetFullPath(destinationFile)), cancellationToken);
        if (fetched != pin) throw new CipdStoreException($"cipd pkg-fetch of {pin} returned {fetched}");
    }

    /// <summary>Fetches the instance, then deploys the file (the client verifies the hash on fetch).</summary>
    public async Task DeployAsync(CipdPin pin, string root, CancellationToken cancellationToken = default)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cipd-deploy-{Guid.NewGuid():N}.cipd");
        try
        {
            await FetchAsync(pin, file, cancellationToken);
            await Cli.PkgDeployAsync(new CipdPkgDeploySettings(file, Path.GetFullPath(root)), cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public Task<IReadOnlyList<CipdPin>> SearchAsync(string package, string tag, CancellationToken cancellationToken = default) =>
        Cli.SearchAsync(new CipdSearchSettings(package, [tag]), cancellationToken);

    public async Task<CipdInstanceDescription> DescribeAsync(CipdPin pin, CancellationToken cancellationToken = default)
    {
        var description = await Cli.DescribeAsync(new CipdDescribeSettings(pin.Package, pin.InstanceId), cancellationToken);
        return new CipdInstanceDescription(description.Pin, description.RegisteredAt,
            description.Tags.Select(t => t.Name).ToList(), description.Refs.Select(r => r.Name).ToList());
    }

    public Task<IReadOnlyList<string>> ListPackagesAsync(string prefix, CancellationToken cancellationToken = default) =>
        Cli.ListPackagesAsync(new CipdListPackagesSettings(prefix), cancellationToken);

    public Task<IReadOnlyList<CipdPin>> ListInstancesAsync(string package, CancellationToken cancellationToken = default) =>
        Cli.ListInstancesAsync(new CipdInstancesSettings(package), cancellationToken);
}
