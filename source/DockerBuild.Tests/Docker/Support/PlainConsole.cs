using Spectre.Console;

namespace DockerBuild.Tests.Docker.Support;

/// <summary>A non-interactive console writing plain text, as in a CI log, captured for assertions.</summary>
internal sealed class PlainConsole
{
    private readonly StringWriter _writer = new();

    public PlainConsole()
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });
        Console.Profile.Width = 1000; // a CI log does not wrap
    }

    public IAnsiConsole Console { get; }
    public string Text => _writer.ToString();
}
