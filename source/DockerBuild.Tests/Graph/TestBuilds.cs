#pragma warning disable CS0649 // parameter fields are set by the engine through reflection
using DockerBuild.Graph;

namespace DockerBuild.Tests.Graph;

// Builds used by the engine tests. Every action logs "ran <Target>" so tests can see what actually executed.

/// <summary>Ordering: dependencies, After and Before.</summary>
internal sealed class OrderingBuild : GraphBuild
{
    Target A => _ => _.Description("First step").Executes(() => Log.Information("ran A"));
    Target B => _ => _.DependsOn(A).Executes(() => Log.Information("ran B"));
    Target C => _ => _.DependsOn(B).Executes(() => Log.Information("ran C"));
    Target D => _ => _.After(C).Executes(() => Log.Information("ran D"));
    Target E => _ => _.Before(A).Executes(() => Log.Information("ran E"));
    Target F => _ => _.DependentFor(D).Executes(() => Log.Information("ran F"));
    Target Hidden => _ => _.Unlisted().Executes(() => Log.Information("ran Hidden"));
    internal Target BuildWheel => _ => _.Description("Builds the wheel").DependsOn(C).Executes(() => Log.Information("ran BuildWheel"));
}

/// <summary>Triggers and TriggeredBy, with a dependency of a triggered target.</summary>
internal sealed class TriggerBuild : GraphBuild
{
    Target Restore => _ => _.Executes(() => Log.Information("ran Restore"));
    Target Publish => _ => _.TriggeredBy(Pack).Executes(() => Log.Information("ran Publish"));
    Target Compile => _ => _.Triggers(Pack).Executes(() => Log.Information("ran Compile"));
    Target Pack => _ => _.DependsOn(Restore).Executes(() => Log.Information("ran Pack"));
    Target Lonely => _ => _.Executes(() => Log.Information("ran Lonely"));
}

internal sealed class CycleBuild : GraphBuild
{
    Target Start => _ => _.DependsOn(Alpha).Executes(() => { });
    Target Alpha => _ => _.DependsOn(Beta).Executes(() => { });
    Target Beta => _ => _.After(Alpha).Executes(() => { });
}

/// <summary>Failures, ProceedAfterFailure, AssuredAfterFailure, async actions.</summary>
internal sealed class FailureBuild : GraphBuild
{
    Target Setup => _ => _.Executes(() => Log.Information("ran Setup"));
    Target Breaks => _ => _.DependsOn(Setup).Executes(() => throw new InvalidOperationException("the disk is full"));
    Target Later => _ => _.After(Breaks).Executes(() => Log.Information("ran Later"));
    Target UsesBroken => _ => _.DependsOn(Breaks).AssuredAfterFailure().Executes(() => Log.Information("ran UsesBroken"));
    Target Cleanup => _ => _.After(Later).AssuredAfterFailure().Executes(() => Log.Information("ran Cleanup"));
    Target Lenient => _ => _.ProceedAfterFailure().Executes(() => throw new InvalidOperationException("lenient broke"));
    Target AfterLenient => _ => _.After(Lenient).Executes(() => Log.Information("ran AfterLenient"));

    Target Async => _ => _
        .Executes(async () =>
        {
            await Task.Delay(20);
            Log.Information("ran Async first");
        })
        .Executes(() => Log.Information("ran Async second"))
        .Executes(async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("async broke");
        });

    Target AsyncOk => _ => _
        .Executes(async () =>
        {
            await Task.Delay(20);
            Log.Information("ran AsyncOk first");
        })
        .Executes(() => Log.Information("ran AsyncOk second"));

    Target Group => _ => _.DependsOn(Setup);
    Target Hangs => _ => _.Executes(async () => await Task.Delay(Timeout.Infinite));
}

/// <summary>The continue scenario: Flaky fails until a marker file exists in the root.</summary>
internal sealed class ContinueBuild : GraphBuild
{
    [Parameter("Any text")] readonly string Note = "";

    Target Prepare => _ => _.Executes(() => Log.Information("ran Prepare"));
    Target Flaky => _ => _.DependsOn(Prepare).Executes(() =>
    {
        if (!File.Exists(Path.Combine(RootDirectory, "fixed")))
            throw new InvalidOperationException("not fixed yet");
        Log.Information("ran Flaky {Note}", Note);
    });
}

/// <summary>Static and dynamic conditions with both dependency behaviours.</summary>
internal sealed class ConditionBuild : GraphBuild
{
    [Parameter("Enables the gated targets")] readonly bool Enabled;
    bool _dynamicFlag = true;

    Target Shared => _ => _.Executes(() => Log.Information("ran Shared"));
    Target OnlyForGated => _ => _.Executes(() => Log.Information("ran OnlyForGated"));
    Target Gated => _ => _.DependsOn(OnlyForGated, Shared).OnlyWhenStatic(() => Enabled)
        .WhenSkipped(DependencyBehavior.Skip).Executes(() => Log.Information("ran Gated"));
    Target OnlyForKept => _ => _.Executes(() => Log.Information("ran OnlyForKept"));
    Target GatedKeepDeps => _ => _.DependsOn(OnlyForKept).OnlyWhenStatic(() => Enabled)
        .Executes(() => Log.Information("ran GatedKeepDeps"));
    Target Other => _ => _.DependsOn(Shared).Executes(() => Log.Information("ran Other"));

    Target LocalOnly => _ => _.OnlyWhenStatic(() => IsLocalBuild && Directory.Exists(Path.Combine(RootDirectory, ".nuke")))
        .Executes(() => Log.Information("ran LocalOnly"));

    Target TurnOff => _ => _.Executes(() => _dynamicFlag = false);
    Target DynamicDependency => _ => _.After(TurnOff).Executes(() => Log.Information("ran DynamicDependency"));
    Target Dynamic => _ => _.DependsOn(DynamicDependency).After(TurnOff).OnlyWhenDynamic(() => _dynamicFlag)
        .WhenSkipped(DependencyBehavior.Skip).Executes(() => Log.Information("ran Dynamic"));
}

internal enum Channel { Stable, Beta, Nightly }

/// <summary>Every supported parameter type, a secret, requirements, and the remaining arguments.</summary>
internal sealed class ParameterBuild : GraphBuild
{
    [Parameter("Platforms: exact name or arch prefix")] readonly string[] Platform = [];
    [Parameter("State directory")] readonly string StateDir = ".dockerbuild";
    [Parameter("Parallel jobs")] readonly int Jobs = 3;
    [Parameter("Force rebuild")] readonly bool Rebuild;
    [Parameter("Release channel")] readonly Channel Channel = Channel.Stable;
    [Parameter("Optional limit")] readonly int? Limit;
    [Parameter("Registry password"), Secret] readonly string? RegistryPassword = "initial-secret-from-code";
    [Parameter("Registry user", Name = "RegistryLogin")] readonly string? User;

    Target Show => _ => _.Description("Prints the parameters").Executes(() =>
    {
        Log.Information("platform=[{Platform}]", string.Join("|", Platform));
        Log.Information("state-dir={StateDir} jobs={Jobs} rebuild={Rebuild} channel={Channel} limit={Limit} login={User}",
            StateDir, Jobs, Rebuild, Channel, Limit?.ToString() ?? "none", User ?? "none");
    });

    Target ShowList => _ => _.Executes(() => Log.Information("list {Platform} of {Count}", Platform, Platform.Length));

    Target Leak => _ => _.Executes(() =>
    {
        Log.Information("the password is {Password}", RegistryPassword);
        throw new InvalidOperationException($"login failed with password {RegistryPassword}");
    });

    Target Publish => _ => _.Requires(() => Limit).Requires(() => Platform).Executes(() => Log.Information("ran Publish"));
    Target Positive => _ => _.Requires(() => Jobs > 5).Executes(() => Log.Information("ran Positive"));
    Target Run => _ => _.Executes(() => Log.Information("command=[{Command}]", string.Join("|", RemainingArguments)));
}

/// <summary>A target that reports the exit code of a command it ran, as the Run target does.</summary>
internal sealed class ExitCodeBuild : GraphBuild
{
    Target Command => _ => _.Executes(() => { ExitCode = int.Parse(RemainingArguments[0]); });
}
