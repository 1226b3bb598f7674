using DockerBuild.Builds;
using DockerBuild.Builds.Preparation;
using DockerBuild.Tools.Cipd;
using DockerBuild.Uploads;
using NUnit.Framework;

namespace DockerBuild.Tests.Uploads;

/// <summary>
/// A wheel another machine uploaded is fetched by its build key instead of built: binary wheels under their
/// platform's package, pure ones under either of Chromium's universal names.
/// </summary>
[TestFixture, Category("Upload")]
public sealed class StoredWheelLookupTests
{
    [TestCase("fastsum", "linux-arm64-py3.11", null)]
    [TestCase("romanum", "universal", "py3")]
    [TestCase("sixish", "universal", "py2.py3")]
    public async Task An_uploaded_wheel_is_fetched_into_fresh_outputs_by_its_build_key(string name, string platform, string? pythonTag)
    {
        using var scratch = new UploadScratch();
        var key = new string('e', 64);
        var wheel = await scratch.WheelAsync(name, "2.1.0", platform, payload: "uploaded", pythonTag: pythonTag, buildKey: key);
        var store = new LocalCipdRepository(scratch.StoreDirectory) { WaitMessages = null };
        await WheelUpload.RunAsync([wheel], [UploadScratch.Platform(platform)],
            new UploadSettings { Upload = true, TemporaryDirectory = scratch.TemporaryDirectory, Log = TextWriter.Null }, store);

        using var log = new PairLog(scratch["pair.log"]);
        var fetched = await StoredWheelLookup.FetchAsync(name, "2.1.0", UploadScratch.Platform(platform), key, store,
            scratch["other-machine/wheels"], scratch["scratch"], log, CancellationToken.None);
        var missed = await StoredWheelLookup.FetchAsync(name, "2.1.0", UploadScratch.Platform(platform), new string('f', 64), store,
            scratch["other-machine/wheels"], scratch["scratch-2"], log, CancellationToken.None);

        Assert.That(fetched, Is.Not.Null, "the uploaded wheel should be found by its build key");
        Assert.That(File.ReadAllBytes(fetched!.WheelFile), Is.EqualTo(File.ReadAllBytes(wheel.WheelFile)));
        Assert.That(fetched.FileName, Is.EqualTo(wheel.FileName));
        Assert.That(missed, Is.Null, "another build key must not match");
    }
}
