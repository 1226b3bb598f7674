using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DockerBuild.Sources;
using DockerBuild.Sources.Downloads;
using DockerBuild.Tools.Pip;

namespace DockerBuild.Tests.Sources;

/// <summary>Archives and settings the source tests build on the fly.</summary>
public static class TestArchives
{
    /// <summary>A .tar.gz holding regular files (name → text).</summary>
    public static byte[] TarGz(params (string Name, string Text)[] files)
        => TarGz(files.Select(f => (TarEntryType.RegularFile, f.Name, (string?)f.Text)).ToArray());

    /// <summary>A .tar.gz with arbitrary entries; for links the third field is the link target, else the file text.</summary>
    public static byte[] TarGz(params (TarEntryType Type, string Name, string? TextOrLink)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Gnu))
        {
            foreach (var (type, name, value) in entries)
            {
                var entry = new GnuTarEntry(type, name);
                if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink) entry.LinkName = value!;
                else if (type == TarEntryType.RegularFile) entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(value ?? ""));
                writer.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Settings with fast retries, a state dir under <paramref name="state"/> and no host pip configuration.</summary>
    public static SourcesSettings Settings(TemporaryDirectory state, bool upload = false, string? indexUrl = null, Uri? gitHub = null) => new()
    {
        StateDirectory = state.Combine("state"),
        UploadSources = upload,
        IndexUrl = indexUrl,
        PipConfiguration = new PipIndexConfiguration(_ => null, []),
        GitHubApiUrl = gitHub,
        GitHubToken = "test-token",
        Retry = new DownloadRetryPolicy { MaxRetries = 2, InitialDelay = TimeSpan.FromMilliseconds(20), StallTimeout = TimeSpan.FromSeconds(10) },
    };
}
