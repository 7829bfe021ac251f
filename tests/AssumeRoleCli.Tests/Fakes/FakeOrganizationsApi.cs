using AssumeRoleCli.Aws.Organizations;

namespace AssumeRoleCli.Tests.Fakes;

/// <summary>Organizations in memory: the accounts ListAccounts returns, and the organization's management account.</summary>
internal sealed class FakeOrganizationsApi : IOrganizationsApi
{
    public List<OrganizationAccount> Accounts { get; } = [];

    public string OrganizationId { get; set; } = "o-fake0000001";

    public string ManagementAccountId { get; set; } = "000000000001";

    /// <summary>When set, every call fails with it (e.g. AWSOrganizationsNotInUseException).</summary>
    public Exception? Error { get; set; }

    public int ListAccountsCalls { get; private set; }

    public int DescribeOrganizationCalls { get; private set; }

    public FakeOrganizationsApi Add(string id, string name, string state = OrganizationAccount.Active)
    {
        Accounts.Add(new OrganizationAccount(id, name, state));
        return this;
    }

    public Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(CancellationToken ct)
    {
        ListAccountsCalls++;
        return Error is null ? Task.FromResult<IReadOnlyList<OrganizationAccount>>([.. Accounts]) : Task.FromException<IReadOnlyList<OrganizationAccount>>(Error);
    }

    public Task<AwsOrganization> DescribeOrganizationAsync(CancellationToken ct)
    {
        DescribeOrganizationCalls++;
        return Error is null ? Task.FromResult(new AwsOrganization(OrganizationId, ManagementAccountId)) : Task.FromException<AwsOrganization>(Error);
    }
}
