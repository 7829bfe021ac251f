using System.Net;
using System.Net.Sockets;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>Starts HttpListeners on a free 127.0.0.1 port: what every local stand-in for an AWS endpoint binds to.</summary>
internal static class LoopbackPort
{
    private const int Attempts = 5;

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A started listener and its base URL (ending in a slash). A free port is only free until someone takes it: a
    /// parallel test's outgoing connection or listener may bind it between the probe and the start, so a taken port
    /// is tried again with another.
    /// </summary>
    public static (HttpListener Listener, Uri Url) StartListener(Func<int>? choosePort = null)
    {
        choosePort ??= Free;
        for (var attempt = 1; ; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{choosePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.ToString());
            try
            {
                listener.Start();
                return (listener, url);
            }
            catch (HttpListenerException) when (attempt < Attempts)
            {
                listener.Close();
            }
        }
    }

    /// <summary>
    /// A port free at the moment of asking and never handed out before in this process. The system hands a port just
    /// let go of out again (153 repeats in 2,000 probes here), so two fixtures probing at once could both get it: the
    /// first to bind won, and the other's requests (moto's start-up probe, a client of another stand-in) reached it.
    /// Another process may still take it before it is bound (see <see cref="StartListener"/>).
    /// </summary>
    public static int Free()
    {
        for (var probes = 1; ; probes++)
        {
            if (probes > 10_000)
            {
                throw new InvalidOperationException("The system offered only loopback ports this test run has handed out already.");
            }

            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
