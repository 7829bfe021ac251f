using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// How a command reaches EC2 in a role's account: through the assumed role, as every other command does; when the
/// role cannot be used (deleted, trust changed, the source is a root user, ...), with the destination profile.
/// </summary>
public sealed class RoleAccess
{
    private readonly IAwsClientFactory _clients;
    private readonly IWaitClock _clock;
    private readonly TimeSpan _propagationGrace;
    private readonly IApplyProgress _progress;
    private readonly CliCredentialCache? _cache;

    /// <param name="propagationGrace">How long AccessDenied is taken as IAM propagating, for a role changed moments ago.</param>
    /// <param name="cache">Where credentials obtained with MFA are kept; null: never cached.</param>
    public RoleAccess(IAwsClientFactory clients, IWaitClock clock, TimeSpan propagationGrace, IApplyProgress progress, CliCredentialCache? cache = null)
    {
        _cache = cache;
        _clients = clients;
        _clock = clock;
        _propagationGrace = propagationGrace;
        _progress = progress;
    }

    /// <summary>
    /// Runs <paramref name="use"/> through the assumed role, or, when the role cannot be used, through the
    /// destination profile (saying so). Returns the EC2 client that worked, to carry on with.
    /// </summary>
    /// <param name="roleExists">False when IAM says the role is gone (no AssumeRole is tried); null when unknown.</param>
    public async Task<(IEc2Api Ec2, T Result)> UseAsync<T>(
        AccountSessions sessions, AssumeRoleSpec spec, bool? roleExists, bool roleIsNew, Func<IEc2Api, Task<T>> use, CancellationToken ct)
    {
        var role = spec.Role;
        string reason;
        if (roleExists == false)
        {
            reason = $"Role {role} no longer exists, so it cannot be assumed";
        }
        else if (sessions.Source is null || sessions.SourceIdentity is null)
        {
            reason = $"The source ({sessions.SourceDescription}) was not found, so role {role} cannot be assumed";
        }
        else if (sessions.SourceIdentity.IsRootUser)
        {
            reason = sessions.SourceIdentity.RootUserCannotAssume(sessions.SourceDescription);
        }
        else
        {
            var assumer = new RoleAssumer(_clients.Sts(sessions.Source), _clock, roleIsNew ? _propagationGrace : TimeSpan.Zero, _progress, _cache);
            try
            {
                var assumed = await assumer.AssumeAsync(spec, sessions.SourceIdentity, ct);
                var ec2 = _clients.Ec2(sessions.Source.WithCredentials(assumed.Credentials));
                return (ec2, await assumer.RetryWhilePropagatingAsync(role, roleIsNew, () => use(ec2), ct));
            }
            catch (RoleNotAssumableException error)
            {
                reason = $"Could not assume {role} as {sessions.SourceIdentity.Arn} ({AwsErrorCodes.Said(error.Cause)})";
            }
            catch (AmazonServiceException error) when (error.IsIn(AwsErrorCodes.RoleUnusable))
            {
                reason = $"Could not work through role {role} as {sessions.SourceIdentity.Arn} ({AwsErrorCodes.Said(error)})";
            }
        }

        var (destination, whyNot) = sessions.DestinationFor(role);
        if (destination is null)
        {
            throw new CliException($"{reason}; the destination profile cannot stand in, because {whyNot}. Nothing was changed.");
        }

        await _progress.NoteAsync($"{reason}; looking for its instances with the destination profile '{sessions.DestinationProfile}' instead.");
        var direct = _clients.Ec2(destination);
        return (direct, await use(direct));
    }
}
