using NUnit.Framework;
using System.Text;
using DockerBuild.Tools.Cipd;

namespace DockerBuild.Tests.Cipd;

/// <summary>Instance IDs against the vectors published with the cipd client's own tests.</summary>
[TestFixture, Category("Cipd")]
public sealed class CipdInstanceIdTests
{
    // From the cipd client's instance ID tests.
    private const string Sha256Hex = "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";
    private const string Sha256Iid = "qUiQTy8PR5uPgZdpSzAYSw0u0cHNKh7A-4XSmaGSpEcC";

    [Test]
    public void Sha256DigestEncodesAsTheClientDoes()
    {
        var id = CipdInstanceId.FromDigest(CipdHashAlgorithm.Sha256, Convert.FromHexString(Sha256Hex));
        Assert.That(id.Value, Is.EqualTo(Sha256Iid));
        Assert.That(id.Value, Has.Length.EqualTo(44).And.EndsWith("C"));
    }

    [Test]
    public void Sha256IdDecodesBackToItsDigest()
    {
        var id = CipdInstanceId.Parse(Sha256Iid);
        Assert.That(id.Algorithm, Is.EqualTo(CipdHashAlgorithm.Sha256));
        Assert.That(id.HexDigest, Is.EqualTo(Sha256Hex));
    }

    [Test]
    public void LegacySha1IdIsItsHexDigest()
    {
        var hex = new string('a', 40);
        var id = CipdInstanceId.Parse(hex);
        Assert.That(id.Algorithm, Is.EqualTo(CipdHashAlgorithm.Sha1));
        Assert.That(CipdInstanceId.FromDigest(CipdHashAlgorithm.Sha1, Convert.FromHexString(hex)).Value, Is.EqualTo(hex));
    }

    [Test]
    public async Task ComputingHashesTheWholeContentWithSha256()
    {
        // SHA-256("abc") is the FIPS 180-2 example digest.
        var id = await CipdInstanceId.ComputeAsync(new MemoryStream(Encoding.ASCII.GetBytes("abc")));
        Assert.That(id.HexDigest, Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        Assert.That(CipdInstanceId.Parse(id.Value).HexDigest, Is.EqualTo(id.HexDigest));
    }

    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [TestCase("0123456789abcdefaaaaaaaaaaaaaaaaaaaaaaaa")]
    [TestCase("B7r75joOfFfFcq7fHCKAIrU34oeFAT174Bf8eHMajMUC")]
    [TestCase("-dXsPJ3XDdzO3GLNqekTAmNfIXtE697vame6_4_HNUkC")]
    [TestCase("ytsp2xXp26LpDqWLjKOUmpGorZXaEJGryJO1-Nkp5t0C")]
    public void ClientVectorsThatAreValid(string iid)
    {
        Assert.That(CipdInstanceId.Validate(iid), Is.Null);
        Assert.That(CipdInstanceId.Parse(iid).Value, Is.EqualTo(iid));
    }

    [TestCase("", "empty")]
    [TestCase("€aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "lowercase hex")]
    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "base64")]
    [TestCase("gaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "lowercase hex")]
    [TestCase("AAAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "lowercase hex")]
    [TestCase("B7r75joOfFfFcq7fHCKAIrU34oeFAT174Bf8eHMajM==", "alphabet")]
    [TestCase("/7r75joOfFfFcq7fHCKAIrU34oeFAT174Bf8eHMajMUC", "alphabet")]
    [TestCase("B7r75joOfFfFcq7fHCKAIrU34oeFAT174Bf8eHMajMUA", "unspecified hash algorithm")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAC", "digest length")]
    [TestCase("B7r75joOfFfFcq7fHCKAIrU34oeFAT174Bf8eHMajMUD", "unsupported hash algorithm")]
    public void ClientVectorsThatAreInvalidNameTheValueAndTheRule(string iid, string rule)
    {
        var error = Assert.Throws<CipdValidationException>(() => CipdInstanceId.Parse(iid))!;
        Assert.That(error.Message, Does.Contain($"\"{iid}\"").And.Contain(rule));
    }
}
