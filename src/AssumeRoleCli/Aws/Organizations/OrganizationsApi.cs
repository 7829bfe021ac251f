using AssumeRoleCli.Aws.Organizations.Model;

namespace AssumeRoleCli.Aws.Organizations;

/// <summary>IOrganizationsApi over our SDK-shaped <see cref="OrganizationsClient"/>, checking that answers are AWS's.</summary>
internal sealed class OrganizationsApi : IOrganizationsApi
{
    /// <summary>ListAccounts' largest page (the model's MaxResults limit): 1,000 accounts cost 50 requests.</summary>
    public const int PageSize = 20;

    private readonly OrganizationsClient _organizations;

    public OrganizationsApi(OrganizationsClient organizations)
    {
        _organizations = organizations;
    }

    public async Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(CancellationToken ct)
    {
        var accounts = new List<OrganizationAccount>();
        string? nextToken = null;
        do
        {
            var page = await _organizations.ListAccountsAsync(new ListAccountsRequest { MaxResults = PageSize, NextToken = nextToken }, ct);
            accounts.AddRange(page.Accounts.Select(ToAccount));
            nextToken = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (nextToken is not null);

        return accounts;
    }

    public async Task<AwsOrganization> DescribeOrganizationAsync(CancellationToken ct)
    {
        var organization = (await _organizations.DescribeOrganizationAsync(new DescribeOrganizationRequest(), ct)).Organization;
        var management = organization.MasterAccountId ?? "";
        return AwsNames.IsValidAccountId(management)
            ? new AwsOrganization(organization.Id ?? "", management)
            : throw new UnexpectedAwsResponseException(
                $"organizations:DescribeOrganization answered without a valid management account id ('{management}'); is the endpoint really AWS Organizations?");
    }

    private static OrganizationAccount ToAccount(Account account)
    {
        var id = account.Id ?? "";
        if (!AwsNames.IsValidAccountId(id))
        {
            throw new UnexpectedAwsResponseException(
                $"organizations:ListAccounts answered with an account id that is not 12 digits ('{id}'); is the endpoint really AWS Organizations?");
        }

        // State replaced Status (retired on 2026-09-09); an endpoint that still says only Status is read by it.
        return new OrganizationAccount(id, account.Name ?? "", account.State ?? account.Status ?? "");
    }
}
