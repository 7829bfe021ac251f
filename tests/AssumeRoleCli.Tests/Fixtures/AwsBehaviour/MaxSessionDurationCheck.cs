using System.Globalization;
using System.Net;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// STS AssumeRole answers 400 ValidationError when DurationSeconds (default 3600) exceeds the role's
/// MaxSessionDuration, which the proxy reads from moto (moto stores it, but does not enforce it).
/// A role moto does not know is left to the next rule or to moto.
/// </summary>
public sealed class MaxSessionDurationCheck : AwsBehaviourRule
{
    public const string Message = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";

    protected override async Task<ProxyReply> HandleAsync(AwsExchange exchange)
    {
        var call = exchange.Call;
        if (!call.Is("sts", "AssumeRole") || call.Account is not { } account || call.RoleName is not { } roleName)
        {
            return await exchange.ForwardAsync();
        }

        var requested = int.TryParse(call.Parameter("DurationSeconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : RoleDirectory.DefaultMaxSessionDuration;
        var role = await exchange.Roles.FindAsync(account, roleName, exchange.CancellationToken);
        return role is not null && requested > role.MaxSessionDuration
            ? AwsErrorReply.For(call, HttpStatusCode.BadRequest, "ValidationError", Message)
            : await exchange.ForwardAsync();
    }
}
