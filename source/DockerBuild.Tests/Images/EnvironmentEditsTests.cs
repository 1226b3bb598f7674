using DockerBuild.Run;
using NUnit.Framework;

namespace DockerBuild.Tests.Images;

/// <summary>Run's --env, --env-prefix and --env-suffix against an image environment.</summary>
[TestFixture]
[Category("Images")]
public sealed class EnvironmentEditsTests
{
    private static readonly string[] Image = ["PATH=/usr/local/bin:/usr/bin", "PKG_CONFIG_PATH=/usr/lib/aarch64-linux-gnu/pkgconfig", "CC=aarch64-linux-gnu-gcc"];

    private static Dictionary<string, string> Apply(string[] set, string[] prefix, string[] suffix, Func<string, string>? translate = null) =>
        EnvironmentEdits.Apply(Image, set, prefix, suffix, translate ?? (v => v))
            .ToDictionary(e => e[..e.IndexOf('=')], e => e[(e.IndexOf('=') + 1)..]);

    [Test]
    public void SetReplacesAndOnlyEditedVariablesAreReturned()
    {
        var env = Apply(["CC=clang", "NEW=1"], [], []);
        Assert.That(env, Is.EquivalentTo(new Dictionary<string, string> { ["CC"] = "clang", ["NEW"] = "1" }));
    }

    [Test]
    public void PrefixAndSuffixJoinTheImagesValueWithColons()
    {
        var env = Apply([], ["PATH=/opt/bin"], ["PKG_CONFIG_PATH=/extra/pc"]);
        Assert.That(env["PATH"], Is.EqualTo("/opt/bin:/usr/local/bin:/usr/bin"));
        Assert.That(env["PKG_CONFIG_PATH"], Is.EqualTo("/usr/lib/aarch64-linux-gnu/pkgconfig:/extra/pc"));
    }

    [Test]
    public void PrefixOfAVariableTheImageLacksIsJustTheValue() =>
        Assert.That(Apply([], ["LD_LIBRARY_PATH=/x"], [])["LD_LIBRARY_PATH"], Is.EqualTo("/x"));

    [Test]
    public void PrefixAndSuffixBothApplyInOrderAfterSet()
    {
        var env = Apply(["PATH=/a"], ["PATH=/b"], ["PATH=/c"]);
        Assert.That(env["PATH"], Is.EqualTo("/b:/a:/c"));
    }

    [Test]
    public void ValuesAreTranslated()
    {
        var paths = new WorkPathTranslator("/home/u/p");
        var env = Apply(["OUT=/home/u/p/out"], ["PATH=/home/u/p/bin"], [], paths.TranslateArgument);
        Assert.That(env["OUT"], Is.EqualTo("/work/out"));
        Assert.That(env["PATH"], Is.EqualTo("/work/bin:/usr/local/bin:/usr/bin"));
    }

    [Test]
    public void AnEntryWithoutEqualsIsRejectedNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => Apply([], [], ["PATH"]));
        Assert.That(error!.Message, Does.Contain("--env-suffix").And.Contain("'PATH'").And.Contain("NAME=VALUE"));
    }
}
