namespace DockerBuild.Tools.Elf;

/// <summary>A file that is not a well-formed ELF object; the message names the file and the offending structure.</summary>
public sealed class ElfFormatException(string file, string problem)
    : Exception($"'{file}' is not a readable ELF file: {problem}")
{
    public string File { get; } = file;
    public string Problem { get; } = problem;
}
