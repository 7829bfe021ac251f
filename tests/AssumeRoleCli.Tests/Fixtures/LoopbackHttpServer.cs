using System.Net;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// An HTTP server on 127.0.0.1 at a free port that hands each request to its answer, one at a time: what the tests'
/// local stand-ins for AWS endpoints stand on (STS and the SSO portal, the federation endpoint, IAM and Organizations
/// on the wire).
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerContext, Task> _answer;
    private readonly Task _serving;

    /// <param name="answer">Reads the request and answers it (or keeps it unanswered); the next request waits for it.</param>
    /// <param name="choosePort">Where to try binding first; a free port by default.</param>
    public LoopbackHttpServer(Func<HttpListenerContext, Task> answer, Func<int>? choosePort = null)
    {
        _answer = answer;
        (_listener, Url) = LoopbackPort.StartListener(choosePort);
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The base URL, ending in a slash.</summary>
    public Uri Url { get; }

    public void Dispose()
    {
        // Close alone: after Stop, the managed HttpListener's Close binds the port once more to unregister it, which
        // fails when an outgoing connection of a parallel test has taken that port meanwhile ("Address already in use").
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception stopped) when (stopped is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await _answer(context);
        }
    }
}
