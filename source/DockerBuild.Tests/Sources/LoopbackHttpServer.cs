using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DockerBuild.Tests.Sources;

/// <summary>A real Kestrel HTTP server on a loopback port, with the routes a test gives it; records each request.</summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackHttpServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri Url(string relative) => new(BaseUri, relative);

    public int CountRequests(string pathPrefix) => Requests.Count(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    public static async Task<LoopbackHttpServer> StartAsync(Action<WebApplication> mapRoutes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        ConcurrentQueue<RecordedRequest>? sink = null;
        app.Use(async (context, next) =>
        {
            sink?.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await next(context);
        });
        mapRoutes(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new LoopbackHttpServer(app, new Uri(address.TrimEnd('/') + "/"));
        sink = server.Requests;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the server saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>Handlers for misbehaving downloads.</summary>
public static class Misbehaviour
{
    /// <summary>Announces the full length, sends only the first <paramref name="sent"/> bytes, then drops the connection.</summary>
    public static async Task SendTruncatedAsync(HttpContext context, byte[] content, int sent)
    {
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content.AsMemory(0, sent));
        await context.Response.Body.FlushAsync();
        // Kestrel drops unsent output on Abort; give the socket time to carry the headers and partial body first,
        // so the client sees a short body rather than a refused request.
        await Task.Delay(TimeSpan.FromMilliseconds(250));
        context.Abort();
    }
}
