using DockerBuild.Graph.Logging;
using NUnit.Framework;

namespace DockerBuild.Tests.Graph;

[TestFixture]
[Category("Graph")]
public sealed class SecretMaskingTests
{
    [Test]
    public void A_secret_written_in_pieces_is_still_masked()
    {
        var masker = new SecretMasker();
        masker.Add("p4ssw0rd");
        using var inner = new StringWriter();
        using (var writer = new MaskingTextWriter(inner, masker))
        {
            writer.Write("token=p4s");
            writer.Write("sw0rd and more\nsecond p4ssw0rd");
        }

        Assert.That(inner.ToString(), Is.EqualTo("token=**** and more\nsecond ****"));
    }

    [Test]
    public void A_longer_secret_containing_a_shorter_one_is_masked_whole()
    {
        var masker = new SecretMasker();
        masker.Add("abc");
        masker.Add("abc-def-ghi");

        Assert.That(masker.Apply("x abc-def-ghi y abc"), Is.EqualTo("x **** y ****"));
    }
}
