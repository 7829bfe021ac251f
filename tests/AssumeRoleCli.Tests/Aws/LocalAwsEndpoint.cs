using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Web;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Aws;

/// <summary>One request as the stand-in saw it.</summary>
internal sealed record SeenRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Form, string? Authorization, string? SsoBearerToken);

/// <summary>
/// A local stand-in for the AWS endpoints credential providers call, on 127.0.0.1: STS AssumeRole,
/// AssumeRoleWithWebIdentity and GetCallerIdentity (Query protocol, form body, XML answer) and the IAM Identity Center portal's GetRoleCredentials
/// (<c>GET /federation/credentials</c>, JSON answer). It records every request, and answers what the test scripted.
/// </summary>
internal sealed class LocalAwsEndpoint : IDisposable
{
    public const string IssuedAccessKey = "ASIAISSUEDBYSTANDIN0";
    public const string IssuedSecret = "issued-secret-from-the-stand-in";
    public const string IssuedToken = "issued-session-token";

    private readonly LoopbackHttpServer _server;

    public LocalAwsEndpoint()
    {
        _server = new LoopbackHttpServer(AnswerAsync);
    }

    public Uri Url => _server.Url;

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>The account GetCallerIdentity reports; a <c>root</c> ARN by default (commands then stop early).</summary>
    public string CallerArn { get; set; } = "arn:aws:iam::123456789012:root";

    /// <summary>When set, AssumeRole and AssumeRoleWithWebIdentity answer 403 AccessDenied.</summary>
    public bool RefuseAssumeRole { get; set; }

    /// <summary>When set, the portal answers 401 UnauthorizedException (an SSO token it no longer accepts).</summary>
    public bool RejectSsoToken { get; set; }

    public IEnumerable<SeenRequest> Calls(string action) => Requests.Where(r => r.Form.GetValueOrDefault("Action") == action);

    public void Dispose() => _server.Dispose();

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var seen = new SeenRequest(
            request.HttpMethod,
            request.Url!.AbsolutePath,
            Pairs(HttpUtility.ParseQueryString(request.Url.Query)),
            Pairs(HttpUtility.ParseQueryString(body)),
            request.Headers["Authorization"],
            request.Headers["x-amz-sso_bearer_token"]);
        Requests.Enqueue(seen);

        var (status, contentType, answer) = seen switch
        {
            { Path: "/federation/credentials" } when RejectSsoToken =>
                (401, "application/json", """{"message":"Session token not found or invalid"}"""),
            { Path: "/federation/credentials" } => (200, "application/json", SsoRoleCredentials()),
            _ when seen.Form.GetValueOrDefault("Action") is "AssumeRole" or "AssumeRoleWithWebIdentity" && RefuseAssumeRole => (403, "text/xml", AccessDenied()),
            _ when seen.Form.GetValueOrDefault("Action") == "AssumeRole" => (200, "text/xml", AssumeRoleAnswer(seen.Form["RoleArn"])),
            _ when seen.Form.GetValueOrDefault("Action") == "AssumeRoleWithWebIdentity" =>
                (200, "text/xml", AssumeRoleAnswer(seen.Form["RoleArn"]).Replace("AssumeRoleRe", "AssumeRoleWithWebIdentityRe", StringComparison.Ordinal)),
            _ when seen.Form.GetValueOrDefault("Action") == "GetCallerIdentity" => (200, "text/xml", CallerIdentityAnswer()),
            _ => (400, "text/plain", "the stand-in does not know this request"),
        };
        var bytes = Encoding.UTF8.GetBytes(answer);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        if (status == 401)
        {
            context.Response.Headers["x-amzn-ErrorType"] = "UnauthorizedException";
        }

        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static string SsoRoleCredentials()
    {
        var expiration = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        return $$$"""{"roleCredentials":{"accessKeyId":"{{{IssuedAccessKey}}}","secretAccessKey":"{{{IssuedSecret}}}","sessionToken":"{{{IssuedToken}}}","expiration":{{{expiration}}}}}""";
    }

    private static string AssumeRoleAnswer(string roleArn)
    {
        var account = roleArn.Split(':')[4];
        var expiration = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        return $"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>{IssuedAccessKey}</AccessKeyId>
                  <SecretAccessKey>{IssuedSecret}</SecretAccessKey>
                  <SessionToken>{IssuedToken}</SessionToken>
                  <Expiration>{expiration}</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <AssumedRoleId>AROASTANDIN:assumed</AssumedRoleId>
                  <Arn>arn:aws:sts::{account}:assumed-role/stand-in/assumed</Arn>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """;
    }

    private static string AccessDenied() => """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error>
          <RequestId>stand-in</RequestId>
        </ErrorResponse>
        """;

    private string CallerIdentityAnswer()
    {
        var account = CallerArn.Split(':')[4];
        return $"""
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult><Arn>{CallerArn}</Arn><UserId>AIDASTANDIN</UserId><Account>{account}</Account></GetCallerIdentityResult>
              <ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata>
            </GetCallerIdentityResponse>
            """;
    }

    private static Dictionary<string, string> Pairs(System.Collections.Specialized.NameValueCollection values) =>
        values.AllKeys.Where(key => key is not null).ToDictionary(key => key!, key => values[key] ?? "", StringComparer.Ordinal);
}
