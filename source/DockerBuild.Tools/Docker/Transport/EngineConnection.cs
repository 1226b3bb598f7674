using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DockerBuild.Tools.Docker.Transport;

/// <summary>Which kind of object a 404 from an endpoint refers to, so it becomes the matching typed exception.</summary>
internal enum EngineObject { None, Image, Container }

/// <summary>
/// HTTP to one engine: prefixes every path with the negotiated API version and turns failures into typed exceptions
/// carrying the engine's message.
/// </summary>
internal sealed class EngineConnection : IDisposable
{
    /// <summary>The newest API this client speaks; older engines are spoken to in their own version.</summary>
    public static readonly Version MaximumApiVersion = new(1, 43);
    /// <summary>The oldest API with everything used here (platform on create is 1.41; 1.40 still works without it).</summary>
    public static readonly Version MinimumApiVersion = new(1, 40);

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly SemaphoreSlim _negotiation = new(1, 1);
    private Version? _apiVersion;

    public EngineConnection(DockerEndpoint endpoint, Version? pinnedApiVersion)
    {
        Endpoint = endpoint;
        _apiVersion = pinnedApiVersion;
        _http = new HttpClient(EngineHandlerFactory.Create(endpoint)) { BaseAddress = endpoint.HttpBaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>The API version in use: the engine's (from /_ping, else /version) capped at <see cref="MaximumApiVersion"/>.</summary>
    public async Task<Version> GetApiVersionAsync(CancellationToken cancellationToken)
    {
        if (_apiVersion is { } known) return known;
        await _negotiation.WaitAsync(cancellationToken);
        try
        {
            if (_apiVersion is { } raced) return raced;
            var engine = await ReadEngineApiVersionAsync(cancellationToken);
            if (engine < MinimumApiVersion)
                throw new DockerApiException(HttpStatusCode.NotImplemented,
                    $"The Docker engine at {Endpoint} speaks API {engine}; at least {MinimumApiVersion} is needed (Docker 19.03 or newer).");
            return _apiVersion = engine < MaximumApiVersion ? engine : MaximumApiVersion;
        }
        finally
        {
            _negotiation.Release();
        }
    }

    private async Task<Version> ReadEngineApiVersionAsync(CancellationToken cancellationToken)
    {
        using (var ping = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, "_ping"), HttpCompletionOption.ResponseContentRead, cancellationToken))
        {
            if (ping.Headers.TryGetValues("Api-Version", out var values) && Version.TryParse(values.FirstOrDefault(), out var fromPing))
                return fromPing;
        }
        using var version = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, "version"), HttpCompletionOption.ResponseContentRead, cancellationToken);
        await ThrowIfFailedAsync(version, EngineObject.None, "", cancellationToken);
        var body = await version.Content.ReadFromJsonAsync<Models.VersionResponse>(Json, cancellationToken);
        return Version.TryParse(body?.ApiVersion, out var v)
            ? v
            : throw new DockerApiException(version.StatusCode, $"The Docker engine at {Endpoint} reported no usable API version (got '{body?.ApiVersion}').");
    }

    /// <summary>Sends a request to a versioned path; a non-success status throws.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        QueryString? query = null,
        HttpContent? content = null,
        IReadOnlyDictionary<string, string>? headers = null,
        EngineObject subject = EngineObject.None,
        string subjectName = "",
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead,
        CancellationToken cancellationToken = default)
    {
        var version = await GetApiVersionAsync(cancellationToken);
        var request = new HttpRequestMessage(method, $"v{version.Major}.{version.Minor}/{path}{query}") { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            request.Headers.TryAddWithoutValidation(name, value);
        var response = await SendRawAsync(request, completion, cancellationToken);
        try
        {
            await ThrowIfFailedAsync(response, subject, subjectName, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        return response;
    }

    /// <summary>
    /// Sends a request that asks the engine to switch the connection to a raw duplex stream (attach), on a connection
    /// of its own: the pool's connections are out of reach, and stdin's end needs a half-close of this one.
    /// </summary>
    public async Task<HijackedStream> UpgradeAsync(HttpMethod method, string path, QueryString? query, EngineObject subject, string subjectName,
        CancellationToken cancellationToken)
    {
        var version = await GetApiVersionAsync(cancellationToken);
        DialedConnection? dialed = null;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            // TLS is done in the callback (not by the handler) so the TLS stream is ours to close_notify.
            ConnectCallback = async (_, token) => (dialed = await DialedConnection.ConnectAsync(Endpoint, token)).Stream,
        };
        var invoker = new HttpMessageInvoker(handler, disposeHandler: true);
        var baseAddress = Endpoint.IsUnixSocket ? Endpoint.HttpBaseAddress : new UriBuilder("http", Endpoint.Address.Host, Endpoint.Address.Port).Uri;
        var request = new HttpRequestMessage(method, new Uri(baseAddress, $"v{version.Major}.{version.Minor}/{path}{query}"));
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "tcp");
        HttpResponseMessage? response = null;
        try
        {
            response = await MapUnreachableAsync(() => invoker.SendAsync(request, cancellationToken));
            await ThrowIfFailedAsync(response, subject, subjectName, cancellationToken);
            if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
                throw new DockerApiException(response.StatusCode,
                    $"The Docker engine at {Endpoint} answered {method} /{path} with HTTP {(int)response.StatusCode} instead of 101 Switching Protocols, so the stream cannot carry stdin.");
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new HijackedStream(stream, dialed!, response, invoker);
        }
        catch
        {
            response?.Dispose();
            invoker.Dispose();
            dialed?.Dispose();
            throw;
        }
    }

    /// <summary>Sends and deserialises the JSON reply.</summary>
    public async Task<T> SendForJsonAsync<T>(HttpMethod method, string path, QueryString? query = null, HttpContent? content = null,
        EngineObject subject = EngineObject.None, string subjectName = "", IReadOnlyDictionary<string, string>? headers = null,
        CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(method, path, query, content, headers, subject, subjectName, cancellationToken: cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
               ?? throw new DockerApiException(response.StatusCode, $"The Docker engine at {Endpoint} sent an empty reply to {method} /{path}.");
    }

    public static HttpContent JsonContent<T>(T value) =>
        new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, Json)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

    public static HttpContent TarContent(Stream tar) =>
        new StreamContent(tar) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-tar") } };

    private Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken) =>
        MapUnreachableAsync(() => _http.SendAsync(request, completion, cancellationToken));

    /// <summary>Turns a failure to reach the engine (connect, TLS, name resolution) into one exception naming the endpoint.</summary>
    private async Task<HttpResponseMessage> MapUnreachableAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError
                                             || Chain(e).Any(x => x is System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or IOException))
        {
            throw new DockerEngineUnreachableException(Endpoint.ToString(), Reason(e), e);
        }
    }

    private string Reason(Exception e)
    {
        var reason = Innermost(e).Message;
        if (Endpoint.Tls is not { } tls) return reason;
        var client = tls.CertificateFile is { } cert && File.Exists(cert) ? $"client certificate {cert}" : "no client certificate (cert.pem, key.pem)";
        var server = tls.VerifyServer ? $"server verified against {tls.CaFile ?? "the system CAs"}" : "server not verified";
        return $"{reason} (TLS: {client}; {server})";
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, EngineObject subject, string subjectName, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.SwitchingProtocols) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = EngineMessage(body, response.StatusCode);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            if (subject == EngineObject.Image) throw new DockerImageNotFoundException(subjectName, message);
            if (subject == EngineObject.Container) throw new DockerContainerNotFoundException(subjectName, message);
        }
        throw new DockerApiException(response.StatusCode, message);
    }

    private static string EngineMessage(string body, HttpStatusCode status)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var m) && m.GetString() is { } text)
                return text;
        }
        catch (JsonException)
        {
        }
        var trimmed = body.Trim();
        return trimmed.Length > 0 ? trimmed : $"HTTP {(int)status} {status}";
    }

    public void Dispose()
    {
        _http.Dispose();
        _negotiation.Dispose();
    }
}
