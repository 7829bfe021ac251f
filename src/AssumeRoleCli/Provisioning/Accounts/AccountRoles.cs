using AssumeRoleCli.Aws;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>One account of a command run across many (teardown, status), and the roles it is about there.</summary>
public sealed record AccountRoles(string Account, IReadOnlyList<RoleArn> Roles)
{
    /// <summary>
    /// The accounts and roles of a run across many accounts: --role-arn alone; else the accounts of
    /// --destination-accounts (or, for a repeated --destination-profile, every account the state records roles in, else
    /// the profiles' own), each with the roles the state records there (--role-name: that one), else the default role.
    /// Ids given keep the order given; otherwise the accounts are by id (<see cref="AccountSelection.ById"/>).
    /// </summary>
    public static async Task<IReadOnlyList<AccountRoles>> SelectAsync(
        AccountSessions sessions, IAwsClientFactory clients, FanOutSettings fanOut, RoleArn? explicitArn, string? roleName, StateDocument state, string statePath,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(fanOut);
        if (explicitArn is not null)
        {
            return [new AccountRoles(explicitArn.AccountId, [explicitArn])];
        }

        var recorded = RoleTarget.Recorded(state, statePath);
        IReadOnlyList<string> accounts = fanOut.Accounts is null && recorded.Count > 0
            ? AccountSelection.ById(recorded.Select(r => r.AccountId))
            : await sessions.AccountsAsync(fanOut, clients, ct);
        var partition = recorded.FirstOrDefault()?.Partition
            ?? ((await sessions.Destination.IdentityAsync(ct))?.Arn.Split(':') is [_, var p, ..] ? p : "aws");
        return accounts.Select(account =>
        {
            var there = recorded.Where(r => r.AccountId == account && (roleName is null || r.RoleName == roleName)).ToList();
            return new AccountRoles(account, there.Count > 0 ? there : [RoleArn.For(partition, account, roleName ?? RoleTarget.DefaultRoleName)]);
        }).ToList();
    }

    /// <summary>The roles <paramref name="accounts"/> names in <paramref name="account"/>.</summary>
    public static IReadOnlyList<RoleArn> RolesIn(IReadOnlyList<AccountRoles> accounts, string account) =>
        accounts.First(a => a.Account == account).Roles;
}
