namespace AssumeRoleCli.Aws.Organizations;

/// <summary>An account of an organization. <paramref name="Id"/> is 12 digits, a string: leading zeros exist.</summary>
/// <param name="State">Organizations' account state: ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION.</param>
public sealed record OrganizationAccount(string Id, string Name, string State)
{
    public const string Active = "ACTIVE";

    public bool IsActive => State == Active;
}

/// <summary>The organization the caller's account belongs to.</summary>
public sealed record AwsOrganization(string Id, string ManagementAccountId);

/// <summary>AWS Organizations, thinly: each method is one operation (all pages of a list); decisions stay with the caller.</summary>
public interface IOrganizationsApi
{
    /// <summary>Every account of the caller's organization, the management account included (ListAccounts, all pages).</summary>
    /// <exception cref="OrganizationsServiceException">E.g. AWSOrganizationsNotInUseException, AccessDeniedException.</exception>
    Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(CancellationToken ct);

    /// <summary>The caller's organization and its management account (DescribeOrganization).</summary>
    Task<AwsOrganization> DescribeOrganizationAsync(CancellationToken ct);
}
