using System.Text.RegularExpressions;
using DockerBuild.Tools.Elf;
using DockerBuild.Wheels.Archive;

namespace DockerBuild.Wheels.Abi3;

/// <summary>
/// The names a CPython's own headers declare for export when an extension is compiled with <c>Py_LIMITED_API</c> set to
/// a floor, read from those headers preprocessed (<c>cc -E</c>) with that setting; and the check that an abi3 wheel
/// imports nothing else from the interpreter. The headers are the authority: they are what the interpreter was built
/// with, pinned by the image's package manifest, and their version guards (<c>Py_LIMITED_API+0 &gt;= 0x030A0000</c>)
/// give exactly the floor's limited API, including the few underscore names its macros need (<c>_Py_Dealloc</c>).
/// </summary>
public static partial class LimitedApi
{
    /// <summary>
    /// Every function and variable the preprocessed text declares with default visibility (CPython's <c>PyAPI_FUNC</c> and
    /// <c>PyAPI_DATA</c> both expand to <c>__attribute__ ((visibility ("default")))</c> on ELF platforms).
    /// </summary>
    public static IReadOnlySet<string> Declarations(string preprocessedHeaders)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in TopLevelStatements(preprocessedHeaders))
        {
            if (!Exported().IsMatch(statement)) continue;
            var text = Attribute().Replace(statement, " ");
            var name = FunctionPointer().Match(text) is { Success: true } pointer ? pointer.Groups[1].Value
                : FunctionName().Match(text) is { Success: true } function ? function.Groups[1].Value
                : VariableName().Match(text) is { Success: true } variable ? variable.Groups[1].Value
                : null;
            if (name is not null) names.Add(name);
        }
        return names;
    }

    /// <summary>
    /// Throws <see cref="LimitedApiException"/> naming the first symbol and file when an ELF file of the wheel imports a
    /// <c>Py*</c> or <c>_Py*</c> symbol that is not in <paramref name="limitedApi"/>.
    /// </summary>
    public static void Check(string wheelFile, Abi3Floor floor, IReadOnlySet<string> limitedApi)
    {
        var wheel = WheelArchiveReader.Read(wheelFile);
        foreach (var entry in wheel.Entries.Where(e => ElfReader.IsElfMagic(e.Content)).OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            var elf = ElfReader.Read($"{wheelFile}!{entry.Path}", entry.Content);
            var outside = elf.UnversionedImports.Concat(elf.ImportedSymbols.Select(s => s.Name))
                .Where(s => s.StartsWith("Py", StringComparison.Ordinal) || s.StartsWith("_Py", StringComparison.Ordinal))
                .Where(s => !limitedApi.Contains(s))
                .Distinct().Order(StringComparer.Ordinal).ToList();
            if (outside.Count > 0)
                throw new LimitedApiException($"{Path.GetFileName(wheelFile)} claims abi3 ({floor.Tag}) but {entry.Path} uses {outside[0]}, "
                    + $"which is not in the limited API of CPython {floor.Major}.{floor.Minor}"
                    + (outside.Count > 1 ? $" (nor are {string.Join(", ", outside.Skip(1))})" : "")
                    + $". Use only the limited API (compile with Py_LIMITED_API={floor.LimitedApiHex}, which makes the compiler reject the rest), "
                    + "or build a version-specific wheel (no abi3).");
        }
    }

    /// <summary>The text split at ';' and '}' outside parentheses and braces, so each declaration is one piece.</summary>
    private static IEnumerable<string> TopLevelStatements(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(' or '{' or '[': depth++; break;
                case ')' or ']': depth--; break;
                case '}':
                    depth--;
                    if (depth == 0) { yield return text[start..(i + 1)]; start = i + 1; }
                    break;
                case ';' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }
    }

    [GeneratedRegex(@"visibility\s*\(\s*""default""\s*\)")]
    private static partial Regex Exported();

    [GeneratedRegex(@"__attribute__\s*\(\((?>[^()]+|\((?<d>)|\)(?<-d>))*(?(d)(?!))\)\)")]
    private static partial Regex Attribute();

    /// <summary><c>extern int (*PyOS_InputHook)(void)</c>: a variable holding a function pointer.</summary>
    [GeneratedRegex(@"\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*\(")]
    private static partial Regex FunctionPointer();

    /// <summary>The identifier right before the first parameter list.</summary>
    [GeneratedRegex(@"([A-Za-z_]\w*)\s*\(")]
    private static partial Regex FunctionName();

    /// <summary>The last identifier of a variable declaration (before an array bound, if any).</summary>
    [GeneratedRegex(@"([A-Za-z_]\w*)\s*(\[[^\]]*\]\s*)*$")]
    private static partial Regex VariableName();
}

/// <summary>An abi3 wheel uses a symbol outside the limited API of its floor.</summary>
public sealed class LimitedApiException(string message) : Exception(message);
