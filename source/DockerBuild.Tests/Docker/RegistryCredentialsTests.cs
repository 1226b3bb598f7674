using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Engine.Registries;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker;

[TestFixture]
[Category("Docker")]
public sealed class RegistryCredentialsTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("dockerbuild-config-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private static JsonElement DecodeHeader(string header)
    {
        var base64 = header.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(base64)).RootElement;
    }

    [Test]
    public void HeaderIsBase64UrlJsonWithTheEngineFieldNames()
    {
        // A password with characters whose base64 needs '+' or '/', which base64url replaces.
        var auth = new AuthConfig { Username = "builder", Password = "??>>??~~", ServerAddress = "registry.example:5000" };

        var header = RegistryAuthHeader.Encode(auth);

        Assert.That(header, Does.Not.Contain("+").And.Not.Contain("/"));
        var json = DecodeHeader(header);
        Assert.That(json.GetProperty("username").GetString(), Is.EqualTo("builder"));
        Assert.That(json.GetProperty("password").GetString(), Is.EqualTo("??>>??~~"));
        Assert.That(json.GetProperty("serveraddress").GetString(), Is.EqualTo("registry.example:5000"));
        Assert.That(json.TryGetProperty("identitytoken", out _), Is.False, "unset fields are left out");
    }

    [Test]
    public void NoCredentialsIsTheEmptyObjectTheEngineAccepts() => Assert.That(DecodeHeader(RegistryAuthHeader.Encode(null)).EnumerateObject(), Is.Empty);

    [Test]
    public void ToStringNeverShowsThePassword()
    {
        Assert.That(new RegistryCredentials("u", "hunter2", "r:5000").ToString(), Does.Not.Contain("hunter2").And.Contain("u@r:5000"));
    }

    [Test]
    public async Task ConfigFileAuthsAreDecodedPerRegistry()
    {
        var file = Path.Combine(_directory, "config.json");
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("builder:pa:ss"));
        await File.WriteAllTextAsync(file, $$"""
            { "auths": { "https://registry.example:5000": { "auth": "{{encoded}}" },
                         "https://index.docker.io/v1/": { "auth": "{{Convert.ToBase64String("hub:secret"u8.ToArray())}}" } } }
            """);
        var credentials = new DockerConfigCredentials(file);

        var registry = credentials.Find("registry.example:5000");
        var hub = credentials.Find(RegistryAddress.Of("dockcross/linux-arm64-lts:latest"));

        Assert.That((registry?.Username, registry?.Password), Is.EqualTo(("builder", "pa:ss")));
        Assert.That(hub?.Username, Is.EqualTo("hub"));
        Assert.That(credentials.Find("elsewhere:5000"), Is.Null);
    }

    [Test]
    public void MissingConfigFileMeansNoCredentials()
    {
        Assert.That(new DockerConfigCredentials(Path.Combine(_directory, "absent.json")).Find("registry.example"), Is.Null);
    }

    [Test]
    public async Task BrokenAuthEntryNamesTheFileAndRegistry()
    {
        var file = Path.Combine(_directory, "config.json");
        await File.WriteAllTextAsync(file, """{ "auths": { "r:5000": { "auth": "%%%" } } }""");

        var error = Assert.Throws<InvalidDataException>(() => new DockerConfigCredentials(file).Find("r:5000"));

        Assert.That(error!.Message, Does.Contain(file).And.Contain("\"r:5000\""));
    }

    [TestCase("ubuntu", "docker.io")]
    [TestCase("dockcross/linux-arm64-lts:20250101", "docker.io")]
    [TestCase("127.0.0.1:5000/dockcross/x:1", "127.0.0.1:5000")]
    [TestCase("registry.example/team/image@sha256:00", "registry.example")]
    [TestCase("localhost/image", "localhost")]
    public void RegistryOfAnImageReference(string image, string registry) => Assert.That(RegistryAddress.Of(image), Is.EqualTo(registry));
}
