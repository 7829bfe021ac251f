using Amazon;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>
/// Teardown's role read without asking STS who the destination is: GetRole's answer with the role's exact ARN shows
/// the destination profile is in the role's account; only when it does not is the destination's identity asked
/// (once), so a profile of another account is still told apart from a role that is gone.
/// </summary>
public class TeardownPlannerAccountTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");
    private static readonly Dictionary<string, string> OurTags = new() { ["ManagedBy"] = "AssumeRoleCli" };

    private int _asked;

    /// <summary>Sessions whose destination (in <paramref name="account"/>) was not asked up front.</summary>
    private AccountSessions Sessions(string account) => new(
        new SourceSide("profile 'source'", null, null),
        new DestinationSide(
            "destination",
            new AwsSession("destination", new BasicAWSCredentials("AKIADEST", "secret"), RegionEndpoint.USEast1, "credentials"),
            "credentials and config",
            ask: _ =>
            {
                _asked++;
                return Task.FromResult(new CallerIdentity(account, $"arn:aws:iam::{account}:user/admin", "AIDA"));
            }),
        "us-east-1");

    private static Task<RoleTeardown> PlanAsync(AccountSessions sessions, FakeIamApi iam, bool keepRole = false)
    {
        var (destination, whyNot) = sessions.Destination.PresumedFor(Role);
        var found = TeardownPlanner.FindRoleAsync(sessions, destination is null ? null : iam, whyNot, Role, keepRole, new AutoAdvancingTime(), TimeSpan.Zero, CancellationToken.None);
        return TeardownPlanner.WithPoliciesAsync(iam, found, CancellationToken.None);
    }

    [Fact]
    public async Task GetRoleAnsweringWithTheRolesArn_ShowsTheAccount_SoWhoTheDestinationIsIsNeverAsked()
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Role.ToString(), "{}", OurTags), Ec2Full);
        var sessions = Sessions(Role.AccountId);

        var planned = await PlanAsync(sessions, iam);
        var (destination, _) = await sessions.Destination.ForAsync(Role, CancellationToken.None);

        Assert.True(planned.Delete);
        Assert.Equal([Ec2Full], planned.AttachedPolicies);
        Assert.NotNull(destination);
        Assert.Equal(0, _asked);
    }

    [Fact]
    public async Task ARoleIamDoesNotShow_IsConcludedGone_OnlyOnceTheDestinationIsShownToBeItsAccount()
    {
        var sessions = Sessions(Role.AccountId);

        var planned = await PlanAsync(sessions, new FakeIamApi());
        var (destination, _) = await sessions.Destination.ForAsync(Role, CancellationToken.None);

        Assert.Equal(RoleStatus.Absent, planned.Status);
        Assert.NotNull(destination);
        Assert.Equal(1, _asked);
    }

    [Fact]
    public async Task ADestinationProfileOfAnotherAccount_IsNotMistakenForAGoneRole()
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", "arn:aws:iam::999999999999:role/assume_role", "{}", OurTags), Ec2Full);
        var sessions = Sessions("999999999999");

        var refused = await Assert.ThrowsAsync<CliException>(() => PlanAsync(sessions, iam));
        var kept = await PlanAsync(sessions, iam, keepRole: true);

        Assert.Contains("profile 'destination' signs in to account 999999999999, not 111122223333", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--keep-role", refused.Message, StringComparison.Ordinal);
        Assert.Equal(RoleStatus.Unknown, kept.Status);
        Assert.Empty(iam.Writes);
        Assert.Equal(1, _asked);
        Assert.Null((await sessions.Destination.ForAsync(Role, CancellationToken.None)).Session);
        Assert.Null(sessions.Destination.PresumedFor(Role).Session); // known now: no second GetRole in another account
    }

    [Fact]
    public async Task AnAccessDeniedGetRole_InAnotherAccount_IsReportedAsTheWrongAccount_NotAsTheRefusal()
    {
        var iam = new FakeIamApi().Fail("GetRole", "AccessDenied");

        var kept = await PlanAsync(Sessions("999999999999"), iam, keepRole: true);

        Assert.Equal(RoleStatus.Unknown, kept.Status);
    }

    [Fact]
    public async Task AnAccessDeniedGetRole_InTheRolesOwnAccount_IsTheError()
    {
        var iam = new FakeIamApi().Fail("GetRole", "AccessDenied");

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => PlanAsync(Sessions(Role.AccountId), iam, keepRole: true));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }
}
