using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The member accounts of a fan-out, reached from the destination profile (the management account, or a delegated
/// administrator) by assuming <see cref="FanOutSettings.DestinationRole"/> in each, as the Organizations console's
/// "switch role" does. Each account's session is assumed when its work starts, not up front, so 100 accounts never
/// hold 100 sessions before the first is used.
/// </summary>
public sealed class MemberAccounts
{
    private readonly IAwsClientFactory _clients;
    private readonly RoleFromSource _roles;
    private readonly AwsSession _destination;
    private readonly string _partition;
    private readonly FanOutSettings _settings;

    /// <param name="roles">Builds the assumer (patience, cache) as for every role this tool assumes.</param>
    /// <param name="destination">The destination profile's session: the identity that may assume the role in every member.</param>
    /// <param name="partition">The destination's partition (from its identity): member roles are in the same one.</param>
    public MemberAccounts(IAwsClientFactory clients, RoleFromSource roles, AwsSession destination, string partition, FanOutSettings settings)
    {
        _clients = clients;
        _roles = roles;
        _destination = destination;
        _partition = partition;
        _settings = settings;
    }

    /// <summary>
    /// The accounts <paramref name="selection"/> names: the ids given, or for <c>all</c> the organization's ACTIVE
    /// members but the management account and <paramref name="sourceAccount"/>, by id.
    /// </summary>
    public async Task<IReadOnlyList<string>> SelectAsync(AccountSelection selection, string? sourceAccount, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (!selection.All)
        {
            return selection.Ids;
        }

        var members = await OrganizationMembers.AllAsync(_clients.Organizations(_destination), sourceAccount, ct);
        return members.Count > 0
            ? members.Select(m => m.Id).ToList()
            : throw new CliException("--destination-accounts all: the organization has no ACTIVE member account besides the management account and the source's own.");
    }

    /// <summary>The role assumed in <paramref name="account"/>.</summary>
    public RoleArn RoleIn(string account) => RoleArn.For(_partition, account, _settings.DestinationRole);

    /// <summary>
    /// A session acting in <paramref name="account"/> (the command's region) with the destination role's credentials.
    /// A refusal fails this account at once: the destination role is not new, so it is not waited out as propagation.
    /// </summary>
    public async Task<AwsSession> ReachAsync(string account, CancellationToken ct)
    {
        var sts = _clients.Sts(_destination);
        var spec = AssumeRoleSettings.Default.For(RoleIn(account));
        try
        {
            var assumed = await _roles.AssumerFor(sts, roleIsNew: false).AssumeAsync(spec, sts.GetCallerIdentityAsync, ct);
            return _destination.WithCredentials(assumed.Credentials);
        }
        catch (RoleNotAssumableException refused)
        {
            // Not a role of ours: "rerun create-role" would mislead. Say what reaching a member account needs instead.
            throw new CliException(
                $"Could not reach account {account}: {refused.Caller.Arn} may not assume {spec.Role} (AWS answered {AwsErrorCodes.CodeOf(refused.Cause)}). " +
                $"The account may lack the role (an account invited into the organization, rather than created in it, has none until it is made), " +
                $"its trust may not allow account {refused.Caller.Account}, or --destination-role should name another role (Control Tower: AWSControlTowerExecution).",
                ExitCodes.Failure,
                refused);
        }
    }
}
