namespace DockerBuild.Wheels;

/// <summary>
/// The environment that makes a setuptools/pip build of the same source give the same wheel from any checkout path:
/// SOURCE_DATE_EPOCH (archive and generated-file timestamps) and <c>-ffile-prefix-map</c> (the checkout path out of
/// debug info and __FILE__). Normalisation cannot do this part: the path is inside the compiled code.
/// </summary>
public static class ReproducibleBuildEnvironment
{
    /// <summary>
    /// Variables to add to a build of <paramref name="sourceDirectory"/>; existing CFLAGS/CXXFLAGS in
    /// <paramref name="current"/> are kept, with the prefix map appended.
    /// </summary>
    public static IReadOnlyDictionary<string, string> For(string sourceDirectory, long sourceDateEpoch, IReadOnlyDictionary<string, string>? current = null)
    {
        var map = $"-ffile-prefix-map={sourceDirectory.TrimEnd('/')}=.";
        string Append(string name) => current?.GetValueOrDefault(name) is { Length: > 0 } existing ? $"{existing} {map}" : map;
        return new Dictionary<string, string>
        {
            ["SOURCE_DATE_EPOCH"] = sourceDateEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CFLAGS"] = Append("CFLAGS"),
            ["CXXFLAGS"] = Append("CXXFLAGS"),
            ["PYTHONHASHSEED"] = "0",
        };
    }
}
