using Spectre.Console;

namespace DockerBuild.Lifecycle;

/// <summary>
/// The console every step writes through. On a terminal it is Spectre's own (colours, live progress); in CI logs
/// and redirected output it is plain and wide, so a long line is never wrapped in the middle of a path.
/// </summary>
public static class BuildConsole
{
    public static IAnsiConsole Create(bool interactive)
    {
        if (interactive) return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = 4096;
        return console;
    }
}
