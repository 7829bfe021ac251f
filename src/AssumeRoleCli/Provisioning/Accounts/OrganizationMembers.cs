using AssumeRoleCli.Aws.Organizations;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The destination accounts <c>--destination-accounts all</c> stands for: the organization's ACTIVE accounts, without
/// its management account (a role there is not the tutorial's destination, and it holds the organization's keys) and
/// without the source's own account (its roles are reached without AssumeRole across accounts), ordered by id so every
/// run, plan and result lists them the same way.
/// </summary>
public static class OrganizationMembers
{
    /// <param name="organizations">Organizations as the destination profile (the management or a delegated admin account).</param>
    /// <param name="sourceAccountId">The source identity's account (GetCallerIdentity).</param>
    /// <exception cref="OrganizationsServiceException">E.g. AWSOrganizationsNotInUseException, AccessDeniedException.</exception>
    public static async Task<IReadOnlyList<OrganizationAccount>> AllAsync(IOrganizationsApi organizations, string? sourceAccountId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        // Both at once: one round trip of waiting, and a failure of either is observed.
        var organization = organizations.DescribeOrganizationAsync(ct);
        var accounts = organizations.ListAccountsAsync(ct);
        await Task.WhenAll(organization, accounts);
        var managementAccountId = (await organization).ManagementAccountId;
        return
        [
            .. (await accounts)
                .Where(a => a.IsActive && a.Id != managementAccountId && a.Id != sourceAccountId)
                .DistinctBy(a => a.Id, StringComparer.Ordinal)
                .OrderBy(a => a.Id, StringComparer.Ordinal),
        ];
    }
}
