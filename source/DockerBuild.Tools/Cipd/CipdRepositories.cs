using DockerBuild.Tools.Cipd.Cli;

namespace DockerBuild.Tools.Cipd;

/// <summary>Chooses the store: the local repository under the state directory, or the service when a URL is given.</summary>
public static class CipdRepositories
{
    /// <summary><c>&lt;stateDirectory&gt;/cipd/</c> locally; with <paramref name="serviceUrl"/>, the service through <paramref name="cipdExecutable"/>.</summary>
    public static ICipdRepository Create(string stateDirectory, string? serviceUrl = null, string cipdExecutable = "cipd") =>
        string.IsNullOrEmpty(serviceUrl)
            ? new LocalCipdRepository(Path.Combine(stateDirectory, "cipd"))
            : new CipdCliRepository(new CipdCli(new CipdCliOptions { Executable = cipdExecutable, ServiceUrl = serviceUrl }));
}
