using System.Net;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Organizations;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Aws.Organizations;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Provisioning.Accounts;

public class OrganizationMembersTests
{
    private const string Management = "999999999999";
    private const string Source = "111111111111";

    [Fact]
    public async Task All_IsTheActiveAccounts_WithoutTheManagementAndTheSourceAccount_OrderedById()
    {
        var organizations = new FakeOrganizationsApi { ManagementAccountId = Management }
            .Add("300000000000", "c")
            .Add(Management, "management")
            .Add("012345678901", "leading zero")
            .Add(Source, "source")
            .Add("200000000000", "suspended", "SUSPENDED")
            .Add("210000000000", "closing", "PENDING_CLOSURE")
            .Add("220000000000", "closed", "CLOSED")
            .Add("230000000000", "joining", "PENDING_ACTIVATION")
            .Add("100000000000", "a");

        var members = await OrganizationMembers.AllAsync(organizations, Source, CancellationToken.None);

        Assert.Equal(["012345678901", "100000000000", "300000000000"], members.Select(m => m.Id));
        Assert.Equal(["leading zero", "a", "c"], members.Select(m => m.Name));
        Assert.Equal(1, organizations.ListAccountsCalls);
        Assert.Equal(1, organizations.DescribeOrganizationCalls);
    }

    [Fact]
    public async Task AnOrganizationOfTheManagementAccountAlone_HasNoMembers()
    {
        var organizations = new FakeOrganizationsApi { ManagementAccountId = Management }.Add(Management, "management");

        Assert.Empty(await OrganizationMembers.AllAsync(organizations, Source, CancellationToken.None));
    }

    [Fact]
    public async Task NotInAnOrganization_IsOrganizationsOwnError()
    {
        var organizations = new FakeOrganizationsApi
        {
            Error = new OrganizationsServiceException("Your account is not a member of an organization.", null, ErrorType.Sender, AwsErrorCodes.OrganizationsNotInUse, "r", HttpStatusCode.BadRequest),
        };

        var error = await Assert.ThrowsAsync<OrganizationsServiceException>(() => OrganizationMembers.AllAsync(organizations, Source, CancellationToken.None));

        Assert.Equal(AwsErrorCodes.OrganizationsNotInUse, error.ErrorCode);
    }
}

/// <summary><see cref="OrganizationMembers"/> on moto: a real ListAccounts (two pages) and DescribeOrganization.</summary>
public class OrganizationMembersMotoTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    [Fact]
    public async Task All_OnMoto_IsEveryMemberButTheSourcesAccount_OrderedById()
    {
        var world = sandbox.LeaseWorld();
        var organization = await MotoOrganization.CreateAsync(world, members: 21);
        var organizations = new AwsClientFactory(new Uri(world.EndpointUrl)).Organizations(OrganizationsClientMotoTests.ManagementSession(world));
        // A member stands in for the source's account: the world's own source account is outside the organization.
        var source = organization.MemberAccountIds[7];

        var members = await OrganizationMembers.AllAsync(organizations, source, CancellationToken.None);

        Assert.Equal(organization.MemberAccountIds.Where(id => id != source), members.Select(m => m.Id));
        Assert.DoesNotContain(members, m => m.Id == world.DestinationAccountId);
        Assert.Equal(20, members.Count);
    }
}
