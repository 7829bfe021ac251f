using Amazon;
using Amazon.SecurityToken.Model;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Aws.Organizations;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Aws.Organizations;

/// <summary>
/// The Organizations port through our client, the SDK pipeline and the AWS-behaviour proxy against moto (which checks
/// signatures and policies), in an organization made by <see cref="MotoOrganization"/>.
/// </summary>
public class OrganizationsClientMotoTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    [Fact]
    public async Task ListAccounts_ReturnsEveryAccountOfEveryPage_AndDescribeOrganization_TheManagementAccount()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        var organization = await MotoOrganization.CreateAsync(world, members: 25);
        var api = Organizations(world);

        var accounts = await api.ListAccountsAsync(CancellationToken.None);
        var described = await api.DescribeOrganizationAsync(CancellationToken.None);

        Assert.Equal(
            [.. organization.MemberAccountIds.Append(world.DestinationAccountId).Order(StringComparer.Ordinal)],
            accounts.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.All(accounts, a => Assert.True(a.IsActive, $"{a} is not ACTIVE"));
        // 26 accounts at 20 a page.
        Assert.Equal(2, aws.Requests.Received("ListAccounts"));
        Assert.Equal(new AwsOrganization(organization.OrganizationId, world.DestinationAccountId), described);
        Assert.Equal(world.DestinationAccountId, organization.ManagementAccountId);
    }

    [Fact]
    public async Task TooManyRequests_IsWaitedOutByTheSdksRetries()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        var organization = await MotoOrganization.CreateAsync(world, members: 1);
        var throttling = aws.Add(InjectedFault.Throttling(2, "ListAccounts"));

        var accounts = await Organizations(world).ListAccountsAsync(CancellationToken.None);

        Assert.Equal(2, accounts.Count);
        Assert.Contains(accounts, a => a.Id == organization.MemberAccountIds[0]);
        Assert.Equal(0, throttling.Remaining);
        Assert.Equal(3, aws.Requests.Received("ListAccounts"));
        Assert.Equal(1, aws.Requests.Forwarded("ListAccounts"));
        Assert.Empty(aws.RuleFailures);
    }

    [Fact]
    public async Task AMembersOrganizationAccountAccessRole_IsAssumableFromTheManagementAccount_AndAdministersTheMember()
    {
        var world = sandbox.LeaseWorld();
        var organization = await MotoOrganization.CreateAsync(world, members: 2);
        var member = organization.MemberAccountIds[1];
        using var sts = world.StsClient(world.DestinationAdminCredentials());

        var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = MotoOrganization.MemberRole(member).ToString(), RoleSessionName = "fixture-check" });
        using var memberIam = new IamClient(assumed.Credentials, world.ConfigureClient(new IamConfig { MaxErrorRetry = 0 }));
        var created = await memberIam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "made-in-a-member",
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[]}""",
        });

        Assert.Equal($"arn:aws:iam::{member}:role/made-in-a-member", created.Role.Arn);
        Assert.Equal(2, organization.MemberAccountIds.Distinct().Count());
        Assert.DoesNotContain(world.DestinationAccountId, organization.MemberAccountIds);
        Assert.DoesNotContain(world.SourceAccountId, organization.MemberAccountIds);
    }

    internal static AwsSession ManagementSession(TwoAccountWorld world) =>
        new(TwoAccountWorld.DestinationProfile, world.DestinationAdminCredentials(), RegionEndpoint.GetBySystemName(world.Region), world.CredentialsFile);

    private static IOrganizationsApi Organizations(TwoAccountWorld world) =>
        new AwsClientFactory(new Uri(world.EndpointUrl)).Organizations(ManagementSession(world));
}
