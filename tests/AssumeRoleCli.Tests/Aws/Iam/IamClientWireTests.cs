using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Tests.Fixtures;

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

    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentQueue<(int Status, string Body)> _script = new();
    private readonly ConcurrentQueue<(NameValueHeaders Headers, string Body)> _received = new();

    public IamClientWireTests()
    {
        _server = new LoopbackHttpServer(AnswerAsync);
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

    public void Dispose() => _server.Dispose();

    private IamClient CreateClient(int maxErrorRetry = 0)
        => new(
            new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            new IamConfig { ServiceURL = _server.Url.ToString(), MaxErrorRetry = maxErrorRetry });

    private async Task AnswerAsync(HttpListenerContext context)
    {
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

    /// <summary>Snapshot of request headers (the listener's collection dies with the request).</summary>
    private sealed class NameValueHeaders(System.Collections.Specialized.NameValueCollection source)
    {
        private readonly Dictionary<string, string?> _values =
            source.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => source[k], StringComparer.OrdinalIgnoreCase);

        public string? Get(string name) => _values.GetValueOrDefault(name);
    }
}
