using System.Collections.Concurrent;
using System.Xml.Linq;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// Which access key belongs to whom. Long-term keys are registered by the fixture (it created them); the temporary
/// keys of assumed-role sessions are learned from the AssumeRole answers that pass through the proxy.
/// </summary>
public sealed class CallerDirectory
{
    private readonly ConcurrentDictionary<string, CallerIdentity> _byAccessKey = new(StringComparer.Ordinal);

    public void Register(string accessKeyId, string arn, bool multiFactorAuthPresent = false) =>
        _byAccessKey[accessKeyId] = new CallerIdentity(arn) { MultiFactorAuthPresent = multiFactorAuthPresent };

    public CallerIdentity? Find(string accessKeyId) => _byAccessKey.GetValueOrDefault(accessKeyId);

    /// <summary>
    /// Remembers the session key of a successful AssumeRole answer (AccessKeyId and AssumedRoleUser/Arn), and of a
    /// successful GetSessionToken: the caller itself, with MFA when the call gave a code (as AWS records it).
    /// </summary>
    public void LearnFrom(AwsCall call, ProxyReply reply)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(reply);
        if (call.Is("sts", "GetSessionToken") && reply.IsSuccess && call.Caller is { } caller
            && Descendant(XDocument.Parse(reply.BodyText()).Root, "Credentials", "AccessKeyId") is { } sessionKeyId)
        {
            Register(sessionKeyId, caller.Arn, call.Parameter("SerialNumber") is { Length: > 0 } && call.Parameter("TokenCode") is { Length: > 0 });
            return;
        }

        if (!call.Is("sts", "AssumeRole") || !reply.IsSuccess)
        {
            return;
        }

        var root = XDocument.Parse(reply.BodyText()).Root;
        var keyId = Descendant(root, "Credentials", "AccessKeyId");
        var arn = Descendant(root, "AssumedRoleUser", "Arn");
        if (keyId is not null && arn is not null)
        {
            Register(keyId, arn);
        }
    }

    private static string? Descendant(XElement? root, string parent, string child) =>
        root?.Descendants().FirstOrDefault(e => e.Name.LocalName == parent)?
            .Elements().FirstOrDefault(e => e.Name.LocalName == child)?.Value;
}
