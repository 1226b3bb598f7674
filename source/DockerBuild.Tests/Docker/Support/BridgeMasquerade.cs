using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Support;

/// <summary>
/// Outbound network for a test bridge: a MASQUERADE rule for its subnet and FORWARD rules for its traffic, each tagged
/// with a comment naming the bridge and deleted by exactly the same specification on dispose. The machine's engine
/// keeps its own chains; nothing here touches them.
/// </summary>
internal sealed class BridgeMasquerade : IDisposable
{
    private readonly List<string[]> _added = [];

    private BridgeMasquerade()
    {
    }

    public static async Task<BridgeMasquerade> AddAsync(string bridge, string subnet)
    {
        if (ProcessRunner.Which("iptables") is null && !File.Exists("/usr/sbin/iptables"))
            Assert.Fail("iptables is needed to give the second dockerd's bridge outbound network; install it with: apt-get install -y iptables");
        var comment = new[] { "-m", "comment", "--comment", $"dockerbuild test bridge {bridge}" };
        var masquerade = new BridgeMasquerade();
        try
        {
            await masquerade.InsertAsync(["-t", "nat"], "POSTROUTING", ["-s", subnet, "!", "-o", bridge, .. comment, "-j", "MASQUERADE"]);
            await masquerade.InsertAsync([], "FORWARD", ["-i", bridge, "!", "-o", bridge, .. comment, "-j", "ACCEPT"]);
            await masquerade.InsertAsync([], "FORWARD", ["-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", .. comment, "-j", "ACCEPT"]);
        }
        catch
        {
            masquerade.Dispose();
            throw;
        }
        return masquerade;
    }

    private async Task InsertAsync(string[] table, string chain, string[] rule)
    {
        await ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = Iptables, Arguments = [.. table, "-I", chain, "1", .. rule] });
        _added.Add([.. table, "-D", chain, .. rule]);
    }

    private static string Iptables => ProcessRunner.Which("iptables") ?? "/usr/sbin/iptables";

    public void Dispose()
    {
        foreach (var delete in Enumerable.Reverse(_added))
            ProcessRunner.RunAsync(new ProcessSpec { FileName = Iptables, Arguments = delete }).GetAwaiter().GetResult();
        _added.Clear();
    }
}
