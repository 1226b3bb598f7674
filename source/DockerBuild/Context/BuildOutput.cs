using Spectre.Console;

namespace DockerBuild.Context;

/// <summary>
/// Where a run writes: one stream, seen as plain lines (<see cref="Lines"/>) by steps that print status and as a
/// Spectre console (<see cref="Console"/>) by steps that draw progress and tables. On a terminal the console is
/// Spectre's own (colours, live progress); in CI logs and redirected output it is plain and wide, so a long line is
/// never wrapped in the middle of a path.
/// </summary>
public sealed class BuildOutput
{
    private BuildOutput(TextWriter lines, IAnsiConsole console)
    {
        Lines = lines;
        Console = console;
    }

    public TextWriter Lines { get; }
    public IAnsiConsole Console { get; }

    public void WriteLine(string line) => Lines.WriteLine(line);

    /// <summary>The process's standard output as it is now (a build that runs Run has moved it to stderr by then).</summary>
    public static BuildOutput ForProcess(bool interactive) =>
        interactive ? new BuildOutput(System.Console.Out, AnsiConsole.Console) : To(System.Console.Out);

    /// <summary>Plain, uncoloured output into <paramref name="writer"/> (CI logs, redirected output, tests).</summary>
    public static BuildOutput To(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 4096;
        return new BuildOutput(writer, console);
    }
}
