using DockerBuild.Tools.Cipd;
using DockerBuild.Wheels;

namespace DockerBuild.Uploads;

/// <summary>
/// Upload tags every instance <c>version:&lt;wheel version&gt;</c>, and CIPD limits what a tag may hold: a PEP 440
/// epoch (<c>1!2.0</c>) or a character outside CIPD's set is refused. Checked for the selected pairs before any
/// target starts, so a run that can never upload fails in a second rather than after building every wheel.
/// (Ref names are not a user's input: <c>latest</c> and the series refs are made of a parsed version's numbers.)
/// </summary>
public static class VersionTags
{
    /// <summary>Throws <see cref="UploadException"/> naming each spec whose version cannot be a CIPD tag, and CIPD's rule.</summary>
    public static void Check(IEnumerable<WheelPair> pairs)
    {
        var problems = pairs.Select(p => p.Wheel).DistinctBy(w => w.Id)
            .Select(w => (Wheel: w, Problem: CipdNames.ValidateTag($"version:{w.Version}")))
            .Where(p => p.Problem is not null)
            .Select(p => $"{p.Wheel.DeclaredAt}: {p.Wheel.Id}: version '{p.Wheel.Version}' cannot be a CIPD version tag: {p.Problem}")
            .ToList();
        if (problems.Count > 0)
            throw new UploadException(string.Join(Environment.NewLine, problems) + Environment.NewLine
                + "Upload registers each wheel under version:<version>; give such a wheel a version CIPD accepts (no epoch '!'), or leave it out of this Upload with --wheel.");
    }
}
