using DockerBuild.Builds;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// A Prebuilt spec fetched with pip download from a PEP 503 index served from a local directory (file://): the
/// shared run's x64 fastsum wheel plays the published wheel. It is verified like a built one and stored unchanged.
/// </summary>
[TestFixture]
[Category("Docker")]
public sealed class PublishedWheelTests
{
    [Test]
    public async Task APrebuiltWheelIsDownloadedFromTheIndexVerifiedAndStoredAsPublished()
    {
        var shared = await SharedWheelBuilds.FirstRunAsync();
        var published = shared.Pair("fastsum", "linux-x64-py3.11").Output ?? throw new InconclusiveException("the shared run built no x64 fastsum");
        var root = Path.Combine(SharedWheelBuilds.Root, $"published-{Guid.NewGuid():N}");
        try
        {
            var project = Directory.CreateDirectory(Path.Combine(root, "index", "fastsum")).FullName;
            File.Copy(published.WheelFile, Path.Combine(project, published.FileName));
            File.WriteAllText(Path.Combine(project, "index.html"),
                $"<!DOCTYPE html><html><body><a href=\"{published.FileName}#sha256={published.Sha256}\">{published.FileName}</a></body></html>\n");
            File.WriteAllText(Path.Combine(root, "index", "index.html"), "<!DOCTYPE html><html><body><a href=\"fastsum/\">fastsum</a></body></html>\n");
            var checkout = ScratchCheckout.Create(Path.Combine(root, "checkout"), """
                wheels:
                  - name: fastsum
                    version: 1.0.0
                    kind: Prebuilt
                    only: [linux-x64-py3.11]
                    test: |
                      import fastsum
                      assert fastsum.dot([1, 2, 3], [4, 5, 6]) == 32.0

                """, []);

            var run = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(root, "state"), ["linux-x64-py3.11"], [],
                indexUrl: new Uri(Path.Combine(root, "index")).AbsoluteUri);

            var pair = run.Pair("fastsum", "linux-x64-py3.11");
            Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), run.Output + run.LogOf("fastsum", "linux-x64-py3.11"));
            Assert.That(pair.Output!.FileName, Is.EqualTo(published.FileName));
            Assert.That(pair.Output.Sha256, Is.EqualTo(published.Sha256), "a published wheel is stored as published");
            Assert.That(run.LogOf("fastsum", "linux-x64-py3.11"), Does.Contain("verification passed"));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
