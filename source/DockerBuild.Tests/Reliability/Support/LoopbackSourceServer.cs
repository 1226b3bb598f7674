using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DockerBuild.Tests.Reliability.Support;

/// <summary>
/// A plain HTTP file server on 127.0.0.1 (Kestrel) whose files can misbehave the ways a real origin or proxy does:
/// other bytes than pinned, a Content-Length that lies, or a body that stops halfway and never finishes.
/// </summary>
internal sealed class LoopbackSourceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();

    private LoopbackSourceServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<LoopbackSourceServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackSourceServer(app);
        app.Run(context =>
        {
            var path = context.Request.Path.Value ?? "/";
            server._requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (server._routes.TryGetValue(path, out var handler)) return handler(context);
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>How many requests reached <paramref name="path"/>.</summary>
    public int RequestsFor(string path) => _requests.GetValueOrDefault(path);

    /// <summary>Serves <paramref name="content"/> with a true Content-Length.</summary>
    public Uri Serve(string path, byte[] content) => Route(path, async context =>
    {
        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content);
    });

    /// <summary>Serves <paramref name="content"/> but announces <paramref name="declaredLength"/> bytes; the connection is cut when they differ.</summary>
    public Uri ServeWithLength(string path, byte[] content, long declaredLength) => Route(path, async context =>
    {
        context.Response.ContentLength = declaredLength;
        var sent = (int)Math.Min(content.Length, declaredLength);
        await context.Response.Body.WriteAsync(content.AsMemory(0, sent));
        await context.Response.Body.FlushAsync();
        if (sent != declaredLength) context.Abort();
    });

    /// <summary>Sends the first half of <paramref name="content"/>, completes <paramref name="halfSent"/>, then stalls until the client goes away.</summary>
    public Uri ServeStalling(string path, byte[] content, TaskCompletionSource halfSent) => Route(path, async context =>
    {
        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content.AsMemory(0, content.Length / 2));
        await context.Response.Body.FlushAsync();
        halfSent.TrySetResult();
        try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
        catch (OperationCanceledException) { }
    });

    /// <summary>Serves <paramref name="content"/> in 16 pieces spread over <paramref name="duration"/> (a slow mirror).</summary>
    public Uri ServeSlowly(string path, byte[] content, TimeSpan duration) => Route(path, async context =>
    {
        context.Response.ContentLength = content.Length;
        var piece = (content.Length + 15) / 16;
        for (var offset = 0; offset < content.Length; offset += piece)
        {
            await context.Response.Body.WriteAsync(content.AsMemory(offset, Math.Min(piece, content.Length - offset)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(duration / 16, context.RequestAborted);
        }
    });

    private Uri Route(string path, Func<HttpContext, Task> handler)
    {
        _routes[path] = handler;
        return new Uri(BaseAddress, path.TrimStart('/'));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
