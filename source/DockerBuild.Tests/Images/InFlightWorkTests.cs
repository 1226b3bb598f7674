using DockerBuild.Images;
using NUnit.Framework;

namespace DockerBuild.Tests.Images;

/// <summary>Callers asking for the same image at once share one piece of work; nothing outlives it.</summary>
[TestFixture]
[Category("Images")]
public sealed class InFlightWorkTests
{
    [Test]
    public async Task ConcurrentCallersForOneKeyShareOneRunAndOtherKeysRunOnTheirOwn()
    {
        var work = new InFlightWork<int>();
        var release = new TaskCompletionSource();
        var runs = 0;
        Func<Task<int>> make = async () => { Interlocked.Increment(ref runs); await release.Task; return runs; };
        var first = work.RunAsync("base", make);
        var second = work.RunAsync("base", make);
        var other = work.RunAsync("tools", make);
        release.SetResult();
        await Task.WhenAll(first, second, other);
        Assert.That(runs, Is.EqualTo(2), "one run for 'base', one for 'tools'");
        Assert.That(await second, Is.EqualTo(await first));
    }

    [Test]
    public async Task AFailureReachesEveryWaiterAndTheNextCallerTriesAgain()
    {
        var work = new InFlightWork<int>();
        var release = new TaskCompletionSource();
        var failing = work.RunAsync("root", async () => { await release.Task; throw new InvalidOperationException("debootstrap failed"); });
        var joined = work.RunAsync("root", () => Task.FromResult(7));
        release.SetResult();
        await Assert.ThatAsync(() => failing, Throws.InvalidOperationException);
        await Assert.ThatAsync(() => joined, Throws.InvalidOperationException, "a caller that joined the running work gets its failure");
        Assert.That(await work.RunAsync("root", () => Task.FromResult(7)), Is.EqualTo(7), "a failure is not remembered");
        Assert.That(await work.RunAsync("root", () => Task.FromResult(8)), Is.EqualTo(8), "nor is a success: the engine is asked again");
    }
}
