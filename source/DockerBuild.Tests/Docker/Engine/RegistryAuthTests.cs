using System.Text;
using DockerBuild.Mirror;
using DockerBuild.Platforms;
using DockerBuild.Tests.Docker.Support;
using DockerBuild.Tools.Engine;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Engine;

/// <summary>
/// A registry behind htpasswd (bcrypt) basic auth: credentials given explicitly or stored in a docker config.json must
/// reach it through the engine, on push and on the served-digest look-up.
/// </summary>
[TestFixture]
[Category("Docker")]
public sealed class RegistryAuthTests
{
    private const string User = "builder";
    private static readonly string Password = $"pw-{DockerTestEnvironment.RunId}";
    private static DockerTestEnvironment Env => DockerTestEnvironment.Current;
    private RegistryProcess _registry = null!;
    private string _temp = "";

    [OneTimeSetUp]
    public async Task StartRegistryAsync()
    {
        _registry = await RegistryProcess.StartAsync("auth", (User, Password));
        _temp = Directory.CreateTempSubdirectory("dockerbuild-auth-").FullName;
    }

    [OneTimeTearDown]
    public void StopRegistry()
    {
        _registry.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    private async Task<string> TagForAuthRegistryAsync(string tag)
    {
        var repository = $"{_registry.Address}/auth-test";
        await Env.Engine.Images.TagAsync(Env.SeedImage, repository, tag, CancellationToken.None);
        Env.TrackImage($"{repository}:{tag}");
        return repository;
    }

    [Test]
    public async Task PushWithoutCredentialsIsRefusedWithTheRegistryMessage()
    {
        var repository = await TagForAuthRegistryAsync("anonymous");

        var error = await Assert.ThrowsAsync<EngineException>(() => Env.Engine.Images.PushAsync(repository, "anonymous", null, null, CancellationToken.None));

        Assert.That(error!.EngineMessage, Does.Contain("no basic auth credentials"));
    }

    [Test]
    public async Task ExplicitCredentialsArePresentedToTheRegistry()
    {
        var repository = await TagForAuthRegistryAsync("explicit");

        var digest = await Env.Engine.Images.PushAsync(repository, "explicit", Credentials, null, CancellationToken.None);

        Assert.That(await _registry.ManifestDigestAsync("auth-test", "explicit", (User, Password)), Is.EqualTo(digest));
    }

    [Test]
    public async Task CredentialsComeFromTheGivenDockerConfigFile()
    {
        var repository = await TagForAuthRegistryAsync("from-config");
        var config = Path.Combine(_temp, "config.json");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        await File.WriteAllTextAsync(config, $$"""{ "auths": { "{{_registry.Address}}": { "auth": "{{auth}}" } } }""");
        var environment = new Dictionary<string, string?> { ["HOME"] = _temp, ["DOCKER_HOST"] = "unix:///var/run/docker.sock" };
        using var engine = ContainerEngine.FromEnvironment(environment, config);

        var digest = await engine.Images.PushAsync(repository, "from-config", null, null, CancellationToken.None);

        Assert.That(await _registry.ManifestDigestAsync("auth-test", "from-config", (User, Password)), Is.EqualTo(digest));
        Assert.That(await engine.Images.ServedDigestAsync($"{repository}:from-config", null, CancellationToken.None), Is.EqualTo(digest),
            "the served-digest look-up sends the stored credentials too");
    }

    [Test]
    public async Task TheServedDigestLookUpPresentsTheGivenCredentials()
    {
        var repository = await TagForAuthRegistryAsync("served");
        var digest = await Env.Engine.Images.PushAsync(repository, "served", Credentials, null, CancellationToken.None);

        Assert.That(await Env.Engine.Images.ServedDigestAsync($"{repository}:served", Credentials, CancellationToken.None), Is.EqualTo(digest));
        await Assert.ThrowsAsync(Is.InstanceOf<EngineException>(), () => Env.Engine.Images.ServedDigestAsync($"{repository}:served", null, CancellationToken.None),
            "without credentials the registry refuses the look-up");
    }

    private RegistryCredentials Credentials => new(User, Password, _registry.Address);

    [Test]
    public async Task MirrorPushesWithRegistryUserAndNeverPrintsThePassword()
    {
        var state = Path.Combine(_temp, "state");
        var settings = new MirrorSettings
        {
            StateDir = state, Registry = _registry.Address, UpstreamRegistry = Env.Upstream.Address, Upload = true,
            RegistryUser = User, RegistryPassword = Password,
        };
        Env.TrackImage($"{_registry.Address}/{Env.SeedRepository}:{Env.SeedTag}");
        var platform = new PlatformSpec
        {
            Name = "linux-x64-py3.11", Kind = PlatformKind.Linux, Python = "3.11", WheelAbi = "cp311", WheelPlat = ["manylinux_2_36_x86_64"],
            CipdPlatform = "linux-amd64", Base = new BaseSpec { Image = new UpstreamImage(Env.SeedRepository, Env.SeedTag, null) },
        };
        var console = new PlainConsole();

        var outcome = await new BaseImageMirror(Env.Engine, settings, console.Console).MirrorAllAsync([platform]);

        Assert.That(outcome.Single().Action, Is.EqualTo(MirrorAction.Uploaded));
        Assert.That(outcome.Single().Record!.MirrorDigest, Is.EqualTo(await _registry.ManifestDigestAsync(Env.SeedRepository, Env.SeedTag, (User, Password))));
        Assert.That(console.Text, Does.Not.Contain(Password));
        Assert.That(settings.ToString(), Does.Not.Contain(Password).And.Contain("RegistryUser = builder"));
    }
}
