using System.Security.Cryptography;
using System.Text;
using DockerBuild.Tools.IO;

namespace DockerBuild.Graph.Execution;

/// <summary>
/// The record behind <c>--continue</c> in <c>.nuke/temp/build-attempt.log</c>: a hash of the invocation's arguments,
/// then one line per target that succeeded. A continued run of the same arguments skips those targets.
/// </summary>
internal sealed class BuildAttempt
{
    private readonly string _path;
    private readonly string _invocation;
    private readonly List<string> _succeeded;

    private BuildAttempt(string path, string invocation, List<string> succeeded)
    {
        _path = path;
        _invocation = invocation;
        _succeeded = succeeded;
    }

    /// <summary>Targets to skip because the attempt being continued completed them.</summary>
    public IReadOnlySet<string> PreviouslySucceeded { get; private init; } = new HashSet<string>();

    public static string PathFor(string root) => Path.Combine(root, ".nuke", "temp", "build-attempt.log");

    /// <summary>Starts a new attempt, or continues the previous one when asked and its arguments were the same.</summary>
    public static BuildAttempt Begin(string root, IEnumerable<string> arguments, bool continueRequested)
    {
        var invocation = Hash(arguments.Where(a => !IsContinueOption(a)));
        var path = PathFor(root);
        var previous = File.Exists(path) ? File.ReadAllLines(path) : [];
        if (continueRequested)
        {
            if (previous.Length > 0 && previous[0] == invocation)
            {
                var succeeded = previous.Skip(1).Where(l => l.Length > 0).ToList();
                return new BuildAttempt(path, invocation, succeeded) { PreviouslySucceeded = succeeded.ToHashSet() };
            }
            Log.Warning(previous.Length == 0
                ? "Nothing to continue: no previous attempt was recorded; running every target."
                : "Nothing to continue: the previous attempt had different arguments; running every target.");
        }
        var attempt = new BuildAttempt(path, invocation, []);
        attempt.Save();
        return attempt;
    }

    public void RecordSuccess(string target)
    {
        lock (_succeeded)
        {
            _succeeded.Add(target);
            Save();
        }
    }

    private void Save() => AtomicFile.WriteAllText(_path, string.Join("\n", _succeeded.Prepend(_invocation)) + "\n");

    private static bool IsContinueOption(string argument) =>
        argument.StartsWith("--") && Parameters.NameConventions.Normalize(argument) == "continue";

    private static string Hash(IEnumerable<string> arguments) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\0", arguments))));
}
