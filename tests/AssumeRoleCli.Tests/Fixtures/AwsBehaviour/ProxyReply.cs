using System.Text;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// What the proxy answers: moto's answer passed through, or one a rule made up. <see cref="ResetConnection"/> closes
/// the socket without any answer; <see cref="Delay"/> holds the answer back that long.
/// </summary>
public sealed record ProxyReply(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public static readonly ProxyReply Reset = new(0, [], []) { ResetConnection = true };

    public bool ResetConnection { get; init; }

    public TimeSpan Delay { get; init; }

    /// <summary>True when a rule made this answer up instead of moto.</summary>
    public bool Injected { get; init; }

    public bool IsSuccess => !ResetConnection && StatusCode is >= 200 and < 300;

    public string BodyText() => Encoding.UTF8.GetString(Body);

    public ProxyReply WithBody(string xml) => this with { Body = Encoding.UTF8.GetBytes(xml) };

    public static ProxyReply Json(int statusCode, string json, string requestId) => new(
        statusCode,
        [new("Content-Type", "application/x-amz-json-1.1"), new("x-amzn-RequestId", requestId)],
        Encoding.UTF8.GetBytes(json))
    {
        Injected = true,
    };

    public static ProxyReply Xml(int statusCode, string xml, string requestId) => new(
        statusCode,
        [new("Content-Type", "text/xml"), new("x-amzn-RequestId", requestId)],
        Encoding.UTF8.GetBytes(xml))
    {
        Injected = true,
    };
}
