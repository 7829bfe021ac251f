namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// Sends a request on to moto unchanged: same method, path, body bytes and headers, Host included, so moto's
/// SigV4 check sees exactly what the client signed. Only hop-by-hop headers are left to HttpClient.
/// </summary>
public sealed class MotoForwarder(Uri motoEndpoint) : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Expect", "Proxy-Connection", "TE", "Upgrade",
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };

    public async Task<ProxyReply> ForwardAsync(RawHttpRequest raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        using var request = new HttpRequestMessage(new HttpMethod(raw.Method), new Uri(motoEndpoint, raw.PathAndQuery))
        {
            Content = new ByteArrayContent(raw.Body),
        };
        foreach (var (name, value) in raw.Headers.Where(h => !HopByHop.Contains(h.Key)))
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !HopByHop.Contains(h.Key))
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))
            .ToList();
        return new ProxyReply((int)response.StatusCode, headers, body);
    }

    public void Dispose() => _http.Dispose();
}
