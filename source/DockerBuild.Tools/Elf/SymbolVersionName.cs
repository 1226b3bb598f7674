using System.Diagnostics.CodeAnalysis;

namespace DockerBuild.Tools.Elf;

/// <summary>
/// A symbol version name split into family and number: <c>GLIBC_2.17</c> → (GLIBC, 2.17), <c>GLIBCXX_3.4.21</c> →
/// (GLIBCXX, 3.4.21), <c>CXXABI_1.3.13</c>, <c>GCC_4.2.0</c>; sub-families keep their prefix (<c>GLIBCXX_LDBL_3.4.21</c>
/// → (GLIBCXX_LDBL, 3.4.21)). Names without a number (GLIBC_PRIVATE, CXXABI_TM_1) have <see cref="Number"/> null.
/// </summary>
public sealed record SymbolVersionName(string Family, Version? Number, string Text)
{
    public static bool TryParse(string text, [NotNullWhen(true)] out SymbolVersionName? name)
    {
        name = null;
        var separator = text.LastIndexOf('_');
        if (separator <= 0) return false;
        var family = text[..separator];
        var tail = text[(separator + 1)..];
        var number = tail.Length > 0 && char.IsDigit(tail[0]) && Version.TryParse(tail.Contains('.') ? tail : tail + ".0", out var v) ? v : null;
        name = number is null ? new SymbolVersionName(text, null, text) : new SymbolVersionName(family, number, text);
        return true;
    }
}
