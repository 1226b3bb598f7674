using Docker.DotNet;
using Docker.DotNet.Models;
using Docker.DotNet.NativeHttp;
using Docker.DotNet.X509;
using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Images;
using DockerBuild.Selection;
using DockerBuild.Tests.Data;
using DockerBuild.Tests.Docker.Support;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.ScaleOut;

/// <summary>
/// Two machines and the real build as a child process. Machine B is a second dockerd reached only over
/// <c>tcp://127.0.0.1:PORT</c> with TLS client verification, running in a mount namespace of its own where the
/// checkout, the state directory, the client's temp directory and the repository are empty tmpfs mounts — so nothing
/// can travel by bind mount; it generates the image, builds fastsum and uploads both (the image to a real registry,
/// the wheel to the store). Machine A is the machine's own engine with a state directory of its own, the same
/// registry and the same store: it pulls the image by content key and fetches the wheel by build key, building nothing.
/// The registry wants a login (htpasswd), given as --registry-user/--registry-password on B and through REGISTRY_PASSWORD
/// on A, as the generated workflow passes it.
/// </summary>
[TestFixture]
[Category("Docker")]
[Category("ScaleOut")]
public sealed class ScaleOutTests
{
    private const string Platform = "linux-x64-py3.11";
    private const string Wheel = "fastsum";
    private const string RegistryUser = "builder";
    private const string RegistryPassword = "scale-out-registry-secret";

    private string _scratch = "";
    private RegistryProcess _registry = null!;
    private SecondDockerDaemon _machineB = null!;
    private ScratchCheckout _checkoutB = null!;
    private ProcessResult _runB = null!;
    private string _reference = "";
    private string _key = "";
    private bool _mainEngineGotAnImageFromB;

    [OneTimeSetUp]
    public async Task MachineBGeneratesBuildsAndUploadsAsync()
    {
        _scratch = Directory.CreateTempSubdirectory("dockerbuild-scaleout-").FullName;
        var certificates = await TestCertificates.CreateAsync(Path.Combine(_scratch, "certs"));
        _registry = await RegistryProcess.StartAsync("scaleout", (RegistryUser, RegistryPassword));
        _checkoutB = OneWheelCheckout();
        Directory.CreateDirectory(TempOf(_checkoutB));
        _machineB = await SecondDockerDaemon.StartAsync(certificates, new SecondDaemonOptions
        {
            HiddenDirectories = [_checkoutB.Directory, RepositoryRoot.Find()],
            OutboundNetwork = true,
        });
        (_reference, _key) = PlannedImage(_checkoutB);

        // The platform image's key depends only on the platform file, so the main engine may hold it from other runs already.
        using var mainEngine = ContainerEngine.AtUnixSocket();
        var before = (await WithKeyAsync(mainEngine, _key)).Select(i => i.Id).ToHashSet();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _runB = await BuildCommand.RunAsync(_checkoutB, ["Upload", "--upload", "--registry", _registry.Address,
                "--registry-user", RegistryUser, "--registry-password", RegistryPassword, "--platform", Platform, "--wheel", Wheel],
            new Dictionary<string, string?>
            {
                ["DOCKER_HOST"] = _machineB.TcpHost,
                ["DOCKER_TLS_VERIFY"] = "1",
                ["DOCKER_CERT_PATH"] = certificates.ClientDirectory,
                ["TMPDIR"] = TempOf(_checkoutB),
            }, timeout: TimeSpan.FromMinutes(30));
        TestContext.Progress.WriteLine($"machine B (remote engine, cold): GenerateImage BuildWheel Upload in {clock.Elapsed.TotalSeconds:F0} s");

        _mainEngineGotAnImageFromB = !(await WithKeyAsync(mainEngine, _key)).Select(i => i.Id).ToHashSet().SetEquals(before);
    }

    [OneTimeTearDown]
    public void StopMachines()
    {
        _machineB?.Dispose();
        _registry?.Dispose();
        _checkoutB?.Dispose();
        if (Directory.Exists(_scratch)) Directory.Delete(_scratch, recursive: true);
    }

    [Test]
    public async Task ARemoteEngineOverTlsBuildsTheImageAndTheWheelWithNothingSharedButTheApi()
    {
        Assert.That(_runB.ExitCode, Is.Zero, Transcript(_runB));
        using var engineB = EngineOfMachineB();

        // The image was built on B, under the content key the plan gives, and never on the machine's own engine.
        var image = await engineB.Images.InspectAsync(_reference, CancellationToken.None);
        Assert.That(image.Labels["org.dockerbuild.content-key"], Is.EqualTo(_key));
        Assert.That(await File.ReadAllTextAsync(PlatformImageGenerator.LogFile(new ImageSettings { StateDirectory = _checkoutB.StateDirectory }, Platform)),
            Does.Contain("Successfully built"));
        Assert.That(_mainEngineGotAnImageFromB, Is.False, "the image was built on the main engine instead of (or as well as) the remote one");

        // The wheel came back over the API into B's outputs, and passed verification there.
        var wheel = (await BuiltWheelSidecar.ReadDirectoryAsync(Path.Combine(_checkoutB.StateDirectory, "wheels"), [Platform])).Single();
        Assert.That(wheel.FileName, Does.StartWith("fastsum-").And.EndWith("_x86_64.whl"));
        Assert.That(await BuiltWheelSidecar.HashFileAsync(wheel.WheelFile), Is.EqualTo(wheel.Sha256));
        var log = await File.ReadAllTextAsync(PairLogFile(_checkoutB));
        Assert.That(log, Does.Contain($"building in {_reference} (network none)"));
        Assert.That(log, Does.Contain($"verified {wheel.FileName}: imported fastsum and its test passed"));

        // What made "nothing shared" true: the engine sees the client's directories as empty.
        Assert.That(await EntriesSeenByEngineBAsync(_checkoutB.StateDirectory, RepositoryRoot.Find()), Is.Zero,
            "the remote engine can see the client's files; the test would not notice a bind mount");
    }

    [Test]
    public async Task ASecondMachineOnTheSameRegistryAndStorePullsTheImageByKeyAndBuildsNothing()
    {
        Assume.That(_runB.ExitCode, Is.Zero, Transcript(_runB));
        Assert.That(await _registry.ManifestDigestAsync($"dockerbuild/{Platform}", _key, (RegistryUser, RegistryPassword)), Is.Not.Null,
            "B's --upload pushed the image");
        // GenerateImage pushed it; BuildWheel, which makes the same image present again, found the registry serving it.
        Assert.That(_runB.StandardOutput.Split('\n').Count(l => l.Contains($"{Platform}: pushing {_reference}")), Is.EqualTo(1), _runB.StandardOutput);
        Assert.That(_runB.StandardOutput, Does.Contain($"{Platform}: {_registry.Address} already serves {_reference}"));
        using var checkoutA = OneWheelCheckout();
        // One store both machines reach; in production that is the CIPD service both are given with --cipd-service.
        Directory.CreateDirectory(checkoutA.StateDirectory);
        Directory.CreateSymbolicLink(checkoutA.Store, _checkoutB.Store);
        using var mainEngine = ContainerEngine.AtUnixSocket();
        var writesBefore = _registry.Writes();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var runA = await BuildCommand.RunAsync(checkoutA,
                ["BuildWheel", "--registry", _registry.Address, "--registry-user", RegistryUser, "--platform", Platform, "--wheel", Wheel],
                new Dictionary<string, string?> { ["REGISTRY_PASSWORD"] = RegistryPassword }, timeout: TimeSpan.FromMinutes(20));
            TestContext.Progress.WriteLine($"machine A (main engine): GenerateImage BuildWheel in {clock.Elapsed.TotalSeconds:F0} s");

            Assert.That(runA.ExitCode, Is.Zero, Transcript(runA));
            Assert.That(runA.StandardOutput, Does.Contain($"{Platform}: pulling {_reference}"));
            var generateLog = await File.ReadAllTextAsync(PlatformImageGenerator.LogFile(new ImageSettings { StateDirectory = checkoutA.StateDirectory }, Platform));
            Assert.That(generateLog, Does.Not.Contain("Step ").And.Not.Contain("bootstrapping"), "machine A built the image it could pull");
            using var engineB = EngineOfMachineB();
            var pulled = await mainEngine.Images.InspectAsync(_reference, CancellationToken.None);
            Assert.That(pulled.Labels["org.dockerbuild.content-key"], Is.EqualTo(_key));
            Assert.That(pulled.Id, Is.EqualTo((await engineB.Images.InspectAsync(_reference, CancellationToken.None)).Id), "the same image, byte for byte");
            Assert.That(_registry.Writes(), Is.EqualTo(writesBefore), "machine A ran without --upload and wrote nothing to the registry");

            var fromB = (await BuiltWheelSidecar.ReadDirectoryAsync(Path.Combine(_checkoutB.StateDirectory, "wheels"), [Platform])).Single();
            var onA = (await BuiltWheelSidecar.ReadDirectoryAsync(Path.Combine(checkoutA.StateDirectory, "wheels"), [Platform])).Single();
            Assert.That((onA.FileName, onA.Sha256, onA.BuildKey), Is.EqualTo((fromB.FileName, fromB.Sha256, fromB.BuildKey)));
            var pairLog = await File.ReadAllTextAsync(PairLogFile(checkoutA));
            Assert.That(pairLog, Does.Contain($"found in the store").And.Contain($"build_key:{fromB.BuildKey}"));
            Assert.That(runA.StandardOutput, Does.Not.Contain(": building in"));
            Assert.That(runA.StandardOutput + _runB.StandardOutput, Does.Not.Contain(RegistryPassword));
        }
        finally
        {
            if (await mainEngine.Images.FindAsync(_reference, CancellationToken.None) is not null)
                await mainEngine.Images.RemoveAsync(_reference, CancellationToken.None);
        }
    }

    /// <summary>A scratch root whose only wheel is fastsum (as shipped), so the image carries no other wheel's libraries.</summary>
    private static ScratchCheckout OneWheelCheckout()
    {
        var checkout = new ScratchCheckout();
        checkout.ReplaceWheels(Builds.ScratchCheckout.ShippedSpecs(Wheel), "local.yaml");
        return checkout;
    }

    private static string TempOf(ScratchCheckout checkout) => Path.Combine(checkout.Directory, "tmp");

    private static string PairLogFile(ScratchCheckout checkout) =>
        Path.Combine(checkout.StateDirectory, "logs", "BuildWheel", Platform, $"{Wheel}.log");

    /// <summary>The image reference and content key the lifecycle plans for the checkout with the registry (no engine involved).</summary>
    private (string Reference, string Key) PlannedImage(ScratchCheckout checkout)
    {
        var selection = BuildSelection.Load(new SelectionRequest { RootDirectory = checkout.Root, Platforms = [Platform], Wheels = [Wheel] });
        var plan = ImagePlan.For(selection.Platforms.Single(), new ImageSettings { StateDirectory = checkout.StateDirectory, Registry = _registry.Address });
        return (plan.Reference.ToString(), plan.Key);
    }

    private ContainerEngine EngineOfMachineB() => ContainerEngine.FromEnvironment(new Dictionary<string, string?>
    {
        ["DOCKER_HOST"] = _machineB.TcpHost,
        ["DOCKER_TLS_VERIFY"] = "1",
        ["DOCKER_CERT_PATH"] = Path.Combine(_scratch, "certs", "client"),
        ["HOME"] = _scratch,
    });

    private static Task<IReadOnlyList<EngineImage>> WithKeyAsync(ContainerEngine engine, string key) =>
        engine.Images.ListLabelledAsync($"org.dockerbuild.content-key={key}", CancellationToken.None);

    /// <summary>How many entries a container on B finds when it bind-mounts these client directories.</summary>
    /// <remarks>
    /// Through the Docker.DotNet package itself, with <c>-v</c> binds: B's mount namespace lacks these paths, and a bind
    /// of the engine boundary (as Run's) refuses a source that does not exist, where <c>-v</c> makes it empty.
    /// </remarks>
    private async Task<int> EntriesSeenByEngineBAsync(params string[] directories)
    {
        using var engineB = new DockerClientBuilder()
            .WithEndpoint(new Uri(_machineB.TcpHost))
            .WithAuthProvider(DockerTlsCertificates.LoadFromDirectory(Path.Combine(_scratch, "certs", "client")).CreateCredentials())
            .WithTransportOptions(new NativeHttpTransportOptions())
            .Build();
        var created = await engineB.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = _reference,
            Entrypoint = ["/bin/sh", "-c"],
            Cmd = ["find /probe -mindepth 2 | wc -l"],
            AttachStdout = true,
            AttachStderr = true,
            HostConfig = new HostConfig { Binds = directories.Select((d, i) => $"{d}:/probe/{i}:ro").ToList(), NetworkMode = "none" },
        });
        try
        {
            string stdout, stderr;
            using (var attached = await engineB.Containers.AttachContainerAsync(created.ID, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }))
            {
                await engineB.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
                (stdout, stderr) = await attached.ReadOutputToEndAsync(CancellationToken.None);
            }
            var exit = await engineB.Containers.WaitContainerAsync(created.ID);
            Assert.That(exit.StatusCode, Is.Zero, stderr);
            return int.Parse(stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await engineB.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
    }

    private static string Transcript(ProcessResult run) => $"exit {run.ExitCode}\n{run.StandardOutput}\n{run.StandardError}";
}
