namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>
/// STS AssumeRole answers 403 AccessDenied when the role does not exist or its trust policy (read from moto) does
/// not let the caller assume it; moto checks neither. The caller is known from the signing access key
/// (<see cref="CallerDirectory"/>): a call signed with a key the proxy does not know fails loudly (500), since
/// it cannot be judged. An AssumeRole with a SourceIdentity needs sts:SetSourceIdentity in the trust too, else it is
/// refused naming that action, as AWS does. See <see cref="TrustPolicy"/> for what is evaluated.
/// </summary>
public sealed class TrustPolicyCheck : AwsBehaviourRule
{
    protected override async Task<ProxyReply> HandleAsync(AwsExchange exchange)
    {
        var call = exchange.Call;
        if (!call.Is("sts", "AssumeRole") || call.Account is not { } account || call.RoleName is not { } roleName)
        {
            return await exchange.ForwardAsync();
        }

        var caller = call.Caller ?? throw new InvalidOperationException(
            $"AssumeRole signed with access key {call.AccessKeyId}, which the proxy does not know; register it first.");
        var role = await exchange.Roles.FindAsync(account, roleName, exchange.CancellationToken);
        var request = new AssumeRoleAttempt(
            caller,
            call.Parameter("ExternalId"),
            // MFA in the call itself, or in the session that signs it (GetSessionToken with a code).
            MultiFactorAuthPresent: (call.Parameter("SerialNumber") is { Length: > 0 } && call.Parameter("TokenCode") is { Length: > 0 })
                || caller.MultiFactorAuthPresent,
            call.Parameter("SourceIdentity"));
        if (role?.Arn != call.Parameter("RoleArn"))
        {
            return AwsErrorReply.AssumeRoleDenied(call);
        }

        return TrustPolicy.RefusedAction(role!.TrustPolicy, request) is { } refused
            ? AwsErrorReply.AssumeRoleDenied(call, refused)
            : await exchange.ForwardAsync();
    }
}
