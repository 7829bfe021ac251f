using System.Net;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// IAM validates the principals of a trust policy when it is sent, and a user or role made moments ago is not known
/// to it yet: for <c>window</c> after this rule is made, CreateRole and UpdateAssumeRolePolicy whose trust policy names
/// <c>principalArn</c> answer 400 MalformedPolicyDocument "Invalid principal in policy" (moto accepts any principal).
/// </summary>
public sealed class UnknownPrincipal(string principalArn, TimeSpan window, TimeProvider? clock = null) : AwsBehaviourRule
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly DateTimeOffset _known = (clock ?? TimeProvider.System).GetUtcNow() + window;
    private int _refused;

    /// <summary>How many calls were refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    protected override async Task<ProxyReply> HandleAsync(AwsExchange exchange)
    {
        var call = exchange.Call;
        var document = call.IsIam ? call.Action switch
        {
            "CreateRole" => call.Parameter("AssumeRolePolicyDocument"),
            "UpdateAssumeRolePolicy" => call.Parameter("PolicyDocument"),
            _ => null,
        } : null;
        if (document is null || !document.Contains(principalArn, StringComparison.Ordinal) || _clock.GetUtcNow() >= _known)
        {
            return await exchange.ForwardAsync();
        }

        Interlocked.Increment(ref _refused);
        return AwsErrorReply.For(call, HttpStatusCode.BadRequest, "MalformedPolicyDocument", $"Invalid principal in policy: \"AWS\":\"{principalArn}\"");
    }
}
