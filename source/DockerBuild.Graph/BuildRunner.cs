using System.Collections;
using System.Diagnostics;
using System.Linq.Expressions;
using DockerBuild.Graph.Definition;
using DockerBuild.Graph.Execution;
using DockerBuild.Graph.Help;
using DockerBuild.Graph.Logging;
using DockerBuild.Graph.Parameters;
using DockerBuild.Graph.Planning;
using DockerBuild.Tools.IO;

namespace DockerBuild.Graph;

/// <summary>
/// Runs one build from start to end: read the command line, find the root, write the schema, then help, plan page
/// or the targets, and the summary. Exit codes: 0 success, 1 a target failed, 2 the invocation was wrong,
/// 130 aborted.
/// </summary>
public static class BuildRunner
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int InvalidInvocation = 2;
    public const int Aborted = 130;

    /// <summary>Runs build <typeparamref name="T"/> with the given surroundings; returns the exit code.</summary>
    public static int Run<T>(BuildInvocation invocation, params Expression<Func<T, Target>>[] defaultTargets)
        where T : GraphBuild, new() =>
        Run(invocation, new SecretMasker(), defaultTargets);

    private static int Run<T>(BuildInvocation invocation, SecretMasker masker, Expression<Func<T, Target>>[] defaultTargets)
        where T : GraphBuild, new()
    {
        using var output = new MaskingTextWriter(invocation.Output, masker);
        using var errorOutput = new MaskingTextWriter(invocation.ErrorOutput, masker);
        var sink = new LogSink(output, Verbosity.Normal, errorOutput);
        using var _ = Log.Use(sink);
        try
        {
            return RunBuild(new T(), invocation, DefaultTargets.Names(defaultTargets), masker, sink);
        }
        catch (BuildInvocationException e)
        {
            Log.Error(e.Message);
            return InvalidInvocation;
        }
        catch (Exception e)
        {
            Log.Error(e, "The build could not run:");
            return Failed;
        }
        finally
        {
            output.Flush();
            errorOutput.Flush();
        }
    }

    /// <summary>The process entry: real arguments, environment and console; Ctrl-C aborts, a second one kills.</summary>
    internal static int RunProcess<T>(Expression<Func<T, Target>>[] defaultTargets) where T : GraphBuild, new()
    {
        var environment = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        using var abort = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (abort.IsCancellationRequested)
                return;
            e.Cancel = true;
            abort.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        // What targets print to the console is masked too, with the same secrets the log masks.
        var masker = new SecretMasker();
        var (standardOutput, standardError) = (Console.Out, Console.Error);
        Console.SetOut(new MaskingTextWriter(standardOutput, masker));
        Console.SetError(new MaskingTextWriter(standardError, masker));
        try
        {
            return Run(new BuildInvocation
            {
                Arguments = System.Environment.GetCommandLineArgs().Skip(1).ToList(),
                Environment = environment,
                Output = standardOutput,
                ErrorOutput = standardError,
                Cancellation = abort.Token,
            }, masker, defaultTargets);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            Console.Out.Flush();
            Console.Error.Flush();
            Console.SetOut(standardOutput);
            Console.SetError(standardError);
        }
    }

    private static int RunBuild(GraphBuild build, BuildInvocation invocation, IReadOnlyList<string> defaultNames,
        SecretMasker masker, LogSink sink)
    {
        var commandLine = CommandLine.Parse(invocation.Arguments);
        var root = RootDirectoryLocator.Find(commandLine, invocation);
        build.RootDirectory = root;
        build.EnvironmentVariables = invocation.Environment;
        build.IsLocalBuild = !GraphBuild.IsServerEnvironment(invocation.Environment);
        build.Cancellation = invocation.Cancellation;
        build.RemainingArguments = commandLine.RemainingArguments.ToArray();
        var catalog = ParameterCatalog.For(build.GetType());
        var graph = CreateGraph(build, defaultNames);

        SchemaWriter.Write(root, graph, catalog, build);
        ParametersFile.CreateIfMissing(root);

        if (commandLine.Has(ParameterCatalog.Help.Name))
        {
            sink.WriteAlways(HelpText.Render(graph, catalog, build));
            return Succeeded;
        }

        var profiles = commandLine.Find(ParameterCatalog.Profile.Name)?.Values ?? [];
        var sources = ParameterSources.Load(commandLine, invocation.Environment, root, profiles);
        sources.ThrowOnUnknown(catalog);
        sink.Verbosity = build.Verbosity = (Verbosity?)sources.Find(ParameterCatalog.Verbosity)?.Value ?? Verbosity.Normal;
        ParameterInjector.Inject(build, catalog, sources, masker);
        // Declarations may read parameters (a description, a condition's captured value): declare again with the real values.
        graph = CreateGraph(build, defaultNames);

        var invoked = InvokedTargets(commandLine, sources, graph);
        build.InvokedTargets = invoked;
        if (sources.Find(ParameterCatalog.Plan) is { Value: true })
            return PublishPlan(graph, root, invocation);

        var plan = ExecutionPlanner.Plan(graph, invoked);
        build.ExecutionPlan = plan;
        var skip = (string[]?)sources.Find(ParameterCatalog.Skip)?.Value;
        var continueRequested = sources.Find(ParameterCatalog.Continue) is { Value: true };
        var attempt = BuildAttempt.Begin(root, invocation.Arguments, continueRequested);
        SkipPlanner.ApplyStatic(plan, skip?.Select(graph.Get).ToList(), attempt.PreviouslySucceeded);
        RequirementChecker.Check(plan, catalog);
        return Execute(build, plan, attempt, invocation.Cancellation, sink);
    }

    private static TargetGraph CreateGraph(GraphBuild build, IReadOnlyList<string> defaultNames)
    {
        var graph = TargetGraph.Create(build);
        foreach (var name in defaultNames)
            graph.Get(name).IsDefault = true;
        return graph;
    }

    private static int Execute(GraphBuild build, IReadOnlyList<ExecutableTarget> plan, BuildAttempt attempt,
        CancellationToken abort, LogSink sink)
    {
        var stopwatch = Stopwatch.StartNew();
        build.OnBuildInitialized();
        new BuildExecutor(plan, attempt, abort).RunAsync().GetAwaiter().GetResult();
        build.OnBuildFinished();

        sink.WriteRaw(SummaryTable.Render(plan, stopwatch.Elapsed), LogLevel.Warning);
        var aborted = plan.Any(t => t.Status == ExecutionStatus.Aborted) || abort.IsCancellationRequested;
        var failed = plan.Where(t => t.Status == ExecutionStatus.Failed).Select(t => t.Name).ToList();
        if (!aborted && build.ExitCode is { } requested && requested != Succeeded)
        {
            Log.Error("Build finished with exit code {ExitCode}.", requested);
            return requested;
        }
        if (aborted)
        {
            Log.Error("Build aborted on {Time:yyyy-MM-dd HH:mm:ss}.", DateTime.Now);
            return Aborted;
        }
        if (failed.Count > 0)
        {
            Log.Error("Build failed on {Time:yyyy-MM-dd HH:mm:ss}: {Targets} failed.", DateTime.Now, failed);
            return Failed;
        }
        sink.WriteRaw($"{System.Environment.NewLine}Build succeeded on {DateTime.Now:yyyy-MM-dd HH:mm:ss}.{System.Environment.NewLine}", LogLevel.Warning);
        return Succeeded;
    }

    private static IReadOnlyList<ExecutableTarget> InvokedTargets(CommandLine commandLine, ParameterSources sources, TargetGraph graph)
    {
        var names = commandLine.Targets.Concat((string[]?)sources.Find(ParameterCatalog.Target)?.Value ?? []).ToList();
        var invoked = names.Count > 0
            ? names.Select(graph.Get).Distinct().ToList()
            : graph.Targets.Where(t => t.IsDefault).ToList();
        if (invoked.Count == 0)
            throw new BuildInvocationException(
                $"No target given and the build has no default target. Available targets: {string.Join(", ", graph.ListedTargets.Select(t => t.Name))}.");
        foreach (var target in invoked)
            target.IsInvoked = true;
        return invoked;
    }

    private static int PublishPlan(TargetGraph graph, string root, BuildInvocation invocation)
    {
        var nodes = ExecutionPlanModel.Create(graph, graph.Targets.Where(t => t.IsDefault).ToList());
        string html;
        try
        {
            html = invocation.RenderPlan(nodes, $"Execution plan — {Path.GetFileName(Path.TrimEndingDirectorySeparator(root))}");
        }
        catch (InvalidOperationException e)
        {
            throw new BuildInvocationException($"Cannot draw the execution plan: {e.Message}");
        }
        var path = Path.Combine(root, ".nuke", "temp", "execution-plan.html");
        AtomicFile.WriteAllText(path, html);
        Log.Sink.WriteAlways($"Execution plan written to {path}{System.Environment.NewLine}");
        invocation.OpenInBrowser?.Invoke(path, invocation.Environment);
        return Succeeded;
    }
}
