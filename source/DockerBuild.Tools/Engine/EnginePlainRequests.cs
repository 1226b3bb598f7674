using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.NativeHttp;
using Microsoft.Extensions.Logging.Abstractions;
using DockerBuild.Tools.Engine.Connection;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// The two requests the package cannot make as needed, sent over its own transport and TLS: asking a registry's
/// digest with credentials (its distribution inspect sends no X-Registry-Auth) and the engine's disk usage in the
/// shape engines before API 1.52 answer (its model has only the newer shape).
/// </summary>
internal static class EnginePlainRequests
{
    public static HttpClient Create(ResolvedClientOptions options)
    {
        var transport = DockerHandlerFactory.Instance.CreateHandler(new NativeHttpTransportOptions(), options, NullLogger.Instance);
        var handler = options.AuthProvider.ConfigureHandler(transport.Handler);
        return new HttpClient(handler) { BaseAddress = transport.EffectiveEndpoint, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>GET /distribution/{reference}/json with the registry credentials header; the manifest digest served.</summary>
    public static async Task<string> ServedDigestAsync(HttpClient http, string reference, string registryAuthHeader, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"distribution/{reference}/json");
        request.Headers.TryAddWithoutValidation("X-Registry-Auth", registryAuthHeader);
        using var response = await http.SendAsync(request, cancellationToken);
        await EngineErrors.ThrowIfFailedAsync(response, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<DistributionReply>(cancellationToken);
        return body?.Descriptor?.Digest ?? throw new EngineException($"the engine answered the digest look-up of {reference} without a digest", "no digest");
    }

    /// <summary>GET /system/df: every layer's bytes counted once, and each image's own size.</summary>
    public static async Task<EngineDiskUsage> DiskUsageAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("system/df", cancellationToken);
        await EngineErrors.ThrowIfFailedAsync(response, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<DiskUsageReply>(cancellationToken) ?? new DiskUsageReply();
        return new EngineDiskUsage(body.LayersSize, (body.Images ?? []).Select(i => new EngineImageDiskUsage(i.Id ?? "", i.Size, i.SharedSize,
            i.Labels ?? new Dictionary<string, string>())).ToList());
    }

    private sealed record DistributionReply([property: JsonPropertyName("Descriptor")] DescriptorReply? Descriptor);
    private sealed record DescriptorReply([property: JsonPropertyName("digest")] string? Digest);
    private sealed record DiskUsageReply
    {
        public long LayersSize { get; init; }
        public IReadOnlyList<ImageReply>? Images { get; init; }
    }
    private sealed record ImageReply(string? Id, long Size, long SharedSize, IReadOnlyDictionary<string, string>? Labels);
}
