using System.Net;
using System.Net.Sockets;

namespace AssumeRoleCli.Tests.Fixtures;

public sealed class LoopbackHttpServerTests
{
    [Fact]
    public async Task APortTakenBetweenProbeAndStart_IsTriedAgainWithAnother()
    {
        // What a parallel test's connection does to a probed port before the server binds it (CI saw it once).
        using var taker = new TcpListener(IPAddress.Loopback, 0);
        taker.Start();
        var taken = ((IPEndPoint)taker.LocalEndpoint).Port;
        var tries = 0;
        int ChoosePort() => tries++ == 0 ? taken : LoopbackPort.Free();

        using var server = new LoopbackHttpServer(
            context =>
            {
                context.Response.StatusCode = 204;
                context.Response.Close();
                return Task.CompletedTask;
            },
            ChoosePort);

        Assert.Equal(2, tries);
        Assert.NotEqual(taken, server.Url.Port);
        using var http = new HttpClient();
        var response = await http.GetAsync(server.Url);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public void FreePorts_AreNeverHandedOutTwice()
    {
        // The system gives a port just let go of out again; two fixtures starting at once must not both get it.
        var ports = Enumerable.Range(0, 2000).Select(_ => LoopbackPort.Free()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
