using System.Net;
using System.Security;
using System.Text.Json;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// AWS error answers in each service's own XML: IAM and STS (Query protocol) use
/// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c> in the service's
/// namespace; EC2 uses <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;/Errors&gt;&lt;RequestID/&gt;</c>;
/// JSON-protocol services (Organizations) answer <c>{"__type":CODE,"message":TEXT}</c> with the request id in a header.
/// </summary>
public static class AwsErrorReply
{
    private static readonly Dictionary<string, string> Namespaces = new(StringComparer.Ordinal)
    {
        ["iam"] = "https://iam.amazonaws.com/doc/2010-05-08/",
        ["sts"] = "https://sts.amazonaws.com/doc/2011-06-15/",
    };

    public static ProxyReply For(AwsCall call, HttpStatusCode status, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(call);
        var requestId = Guid.NewGuid().ToString();
        var statusCode = (int)status;
        if (call.IsJsonProtocol)
        {
            return ProxyReply.Json(statusCode, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = code, ["message"] = message }), requestId);
        }

        var text = SecurityElement.Escape(message);
        if (call.IsEc2)
        {
            return ProxyReply.Xml(statusCode, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
                $"<Response><Errors><Error><Code>{code}</Code><Message>{text}</Message></Error></Errors>" +
                $"<RequestID>{requestId}</RequestID></Response>", requestId);
        }

        var type = statusCode >= 500 ? "Receiver" : "Sender";
        var xmlns = Namespaces.TryGetValue(call.Service, out var ns) ? $" xmlns=\"{ns}\"" : "";
        return ProxyReply.Xml(statusCode, $"<ErrorResponse{xmlns}><Error><Type>{type}</Type><Code>{code}</Code>" +
            $"<Message>{text}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>", requestId);
    }

    /// <summary>STS/IAM's refusal: <c>User: ARN is not authorized to perform: sts:AssumeRole on resource: ROLE</c>.</summary>
    /// <param name="action">The action refused: sts:AssumeRole, or sts:SetSourceIdentity for an AssumeRole with a SourceIdentity.</param>
    public static ProxyReply AssumeRoleDenied(AwsCall call, string action = "sts:AssumeRole")
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = call.Caller?.Arn ?? $"(access key {call.AccessKeyId})";
        return For(call, HttpStatusCode.Forbidden, "AccessDenied",
            $"User: {caller} is not authorized to perform: {action} on resource: {call.Parameter("RoleArn")}");
    }

    public static ProxyReply NoSuchRole(AwsCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return For(call, HttpStatusCode.NotFound, "NoSuchEntity", $"The role with name {call.RoleName} cannot be found.");
    }
}
