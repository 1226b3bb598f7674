using DockerBuild.Tools.Docker.Models;

namespace DockerBuild.Tools.Engine;

/// <summary>Passes the client's progress lines on as <see cref="EngineProgress"/>, in order, on the reporting thread.</summary>
internal sealed class EngineProgressLines(IProgress<EngineProgress> target) : IProgress<JSONMessage>
{
    public static IProgress<JSONMessage>? From(IProgress<EngineProgress>? target) => target is null ? null : new EngineProgressLines(target);

    public void Report(JSONMessage value) => target.Report(new EngineProgress
    {
        Id = value.ID,
        Status = value.Status,
        Detail = value.ProgressMessage,
        Current = value.Progress?.Current ?? 0,
        Total = value.Progress?.Total ?? 0,
        Stream = value.Stream,
        Error = value.ErrorMessage,
    });
}
