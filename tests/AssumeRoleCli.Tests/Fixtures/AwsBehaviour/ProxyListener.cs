using System.Net;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// An HttpListener on a free 127.0.0.1 port: reads each request whole, hands it to the handler (concurrently, one
/// task per request) and writes the answer back, or holds it, or closes the connection without one.
/// </summary>
public sealed class ProxyListener : IDisposable
{
    /// <summary>The listener writes these itself (or may not be set by hand).</summary>
    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Content-Type", "Transfer-Encoding", "Keep-Alive", "Connection", "Date", "Server", "WWW-Authenticate",
    };

    private readonly HttpListener _listener;
    private readonly Func<RawHttpRequest, CancellationToken, Task<ProxyReply>> _handle;
    private readonly CancellationTokenSource _stopping = new();

    private ProxyListener(HttpListener listener, int port, Func<RawHttpRequest, CancellationToken, Task<ProxyReply>> handle)
    {
        _listener = listener;
        _handle = handle;
        EndpointUrl = $"http://127.0.0.1:{port}";
        _ = AcceptLoopAsync();
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string EndpointUrl { get; }

    public static ProxyListener Start(Func<RawHttpRequest, CancellationToken, Task<ProxyReply>> handle)
    {
        var (listener, url) = LoopbackPort.StartListener();
        return new ProxyListener(listener, url.Port, handle);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Close();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            var token = _stopping.Token;
            var raw = await ReadAsync(context.Request, token);
            var reply = await _handle(raw, token);
            await WriteAsync(context.Response, reply, token);
        }
        catch (Exception e) when (e is IOException or HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            context.Response.Abort(); // the client went away (or the scope closed): nobody to answer
        }
        catch (Exception)
        {
            // A request the scope could not even parse: the client sees the connection fail now instead of hanging.
            context.Response.Abort();
        }
    }

    private static async Task<RawHttpRequest> ReadAsync(HttpListenerRequest request, CancellationToken token)
    {
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body, token);
        var headers = request.Headers.AllKeys
            .Where(name => name is not null)
            .Select(name => new KeyValuePair<string, string>(name!, request.Headers[name] ?? ""))
            .ToList();
        return new RawHttpRequest(request.HttpMethod, request.RawUrl ?? "/", headers, body.ToArray());
    }

    private static async Task WriteAsync(HttpListenerResponse response, ProxyReply reply, CancellationToken token)
    {
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, token);
        }

        if (reply.ResetConnection)
        {
            response.Abort();
            return;
        }

        response.StatusCode = reply.StatusCode;
        foreach (var (name, value) in reply.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else if (!NotCopied.Contains(name))
            {
                response.AppendHeader(name, value);
            }
        }

        response.ContentLength64 = reply.Body.Length;
        await response.OutputStream.WriteAsync(reply.Body, token);
        response.Close();
    }
}
