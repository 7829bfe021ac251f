using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;

namespace AssumeRoleCli.Tests.Aws.Iam;

/// <summary>
/// Looks at what actually goes over the wire, with a scripted local HTTP server:
/// signing scope, body, and the SDK's own retry handling.
/// </summary>
public sealed class IamClientWireTests : IDisposable
{
    private const string GetRoleXml = """
        <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><RoleName>r1</RoleName><Arn>arn:aws:iam::123456789012:role/r1</Arn></Role></GetRoleResult><ResponseMetadata><RequestId>wire-1</RequestId></ResponseMetadata></GetRoleResponse>
        """;

    private const string ServiceFailureXml = """
        <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Receiver</Type><Code>ServiceFailure</Code><Message>boom</Message></Error><RequestId>wire-err</RequestId></ErrorResponse>
        """;

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(int Status, string Body)> _script = new();
    private readonly ConcurrentQueue<(NameValueHeaders Headers, string Body)> _received = new();
    private readonly string _url;

    public IamClientWireTests()
    {
        var port = FreePort();
        _url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    [Fact]
    public async Task GetRole_IsSignedForIamInUsEast1AndFormEncoded()
    {
        _script.Enqueue((200, GetRoleXml));
        using var iam = CreateClient();

        var response = await iam.GetRoleAsync(new GetRoleRequest { RoleName = "r1" });

        Assert.Equal("r1", response.Role.RoleName);
        Assert.Equal("wire-1", response.ResponseMetadata.RequestId);
        var (headers, body) = Assert.Single(_received);
        var authorization = headers.Get("Authorization");
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/", authorization, StringComparison.Ordinal);
        Assert.Contains("/us-east-1/iam/aws4_request", authorization, StringComparison.Ordinal);
        Assert.NotNull(headers.Get("X-Amz-Date"));
        Assert.StartsWith("application/x-www-form-urlencoded", headers.Get("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("api/IAM#", headers.Get("User-Agent"), StringComparison.Ordinal);
        Assert.Equal("Action=GetRole&RoleName=r1&Version=2010-05-08", body);
    }

    [Fact]
    public async Task ServerError_IsRetriedByTheSdkThenSucceeds()
    {
        _script.Enqueue((500, ServiceFailureXml));
        _script.Enqueue((200, GetRoleXml));
        using var iam = CreateClient(maxErrorRetry: 2);

        var response = await iam.GetRoleAsync(new GetRoleRequest { RoleName = "r1" });

        Assert.Equal("r1", response.Role.RoleName);
        Assert.Equal(2, _received.Count);
    }

    [Fact]
    public async Task ServerError_WhenRetriesExhausted_SurfacesIamServiceException()
    {
        _script.Enqueue((500, ServiceFailureXml));
        using var iam = CreateClient(maxErrorRetry: 0);

        var error = await Assert.ThrowsAsync<IamServiceException>(
            () => iam.GetRoleAsync(new GetRoleRequest { RoleName = "r1" }));

        Assert.Equal("ServiceFailure", error.ErrorCode);
        Assert.Equal(ErrorType.Receiver, error.ErrorType);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("wire-err", error.RequestId);
    }

    public void Dispose()
    {
        // Close alone: after Stop, the managed HttpListener's Close binds the port once more to unregister it, which
        // fails when an outgoing connection of a parallel test has taken that port meanwhile ("Address already in use").
        _listener.Close();
    }

    private IamClient CreateClient(int maxErrorRetry = 0)
        => new(
            new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            new IamConfig { ServiceURL = _url, MaxErrorRetry = maxErrorRetry });

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            _received.Enqueue((new NameValueHeaders(context.Request.Headers), body));
            var (status, responseBody) = _script.TryDequeue(out var next) ? next : (500, ServiceFailureXml);
            var bytes = Encoding.UTF8.GetBytes(responseBody);
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/xml";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Snapshot of request headers (the listener's collection dies with the request).</summary>
    private sealed class NameValueHeaders(System.Collections.Specialized.NameValueCollection source)
    {
        private readonly Dictionary<string, string?> _values =
            source.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => source[k], StringComparer.OrdinalIgnoreCase);

        public string? Get(string name) => _values.GetValueOrDefault(name);
    }
}
