using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Processes;

/// <summary>A command line shown in a log or an error never carries the credentials written into a URL argument.</summary>
[TestFixture, Category("Data")]
public sealed class ProcessSpecTests
{
    [TestCase("--index-url=https://builder:s3cr3t@pypi.example.test/simple", "--index-url=https://***@pypi.example.test/simple")]
    [TestCase("https://x-access-token:s3cr3t@git.example.test/o/r.git", "https://***@git.example.test/o/r.git")]
    [TestCase("git+https://s3cr3t@git.example.test/r", "git+https://***@git.example.test/r")]
    [TestCase("https://pypi.example.test/simple", "https://pypi.example.test/simple")]
    [TestCase("user@host:path", "user@host:path")]
    public void Url_credentials_are_masked_in_the_shown_command(string argument, string shown)
    {
        var spec = new ProcessSpec { FileName = "pip", Arguments = ["download", argument] };

        Assert.That(spec.ToString(), Does.StartWith("pip download ").And.Contain(shown).And.Not.Contain("s3cr3t"));
    }

    [Test]
    public async Task A_failed_command_names_itself_without_the_secret()
    {
        var spec = new ProcessSpec { FileName = "sh", Arguments = ["-c", "exit 3", "https://builder:s3cr3t@pypi.example.test/simple"] };

        var failure = await Assert.ThrowsAsync<ProcessFailedException>(() => ProcessRunner.RunCheckedAsync(spec));

        Assert.That(failure!.Message, Does.Contain("exited with code 3").And.Contain("https://***@pypi.example.test/simple"));
        Assert.That(failure.Message, Does.Not.Contain("s3cr3t"));
    }
}
