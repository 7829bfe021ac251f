using Amazon;
using Amazon.Runtime;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

public class TeardownPlannerTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly RoleArn OtherRole = RoleArn.For("aws", "111122223333", "other_role");
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");
    private static readonly Dictionary<string, string> OurRoleTags = new() { ["ManagedBy"] = "AssumeRoleCli" };

    private static Dictionary<string, string> TaggedFor(RoleArn role) => ManagedTags.ForInstance(role.ToString());

    /// <summary>The role's half of the plan as <see cref="Teardown"/> reads it, with a destination profile in the role's account.</summary>
    private static Task<RoleTeardown> PlanRoleAsync(
        FakeIamApi? iam, string whyNoIam, bool keepRole, AutoAdvancingTime? clock = null, TimeSpan propagationWindow = default)
    {
        var destination = new DestinationSide(
            "destination",
            new AwsSession("destination", new BasicAWSCredentials("AKIADEST", "secret"), RegionEndpoint.USEast1, "credentials"),
            "credentials and config",
            new CallerIdentity(Role.AccountId, $"arn:aws:iam::{Role.AccountId}:user/admin", "AIDA"));
        var sessions = new AccountSessions(new SourceSide("profile 'source'", null, null), destination, "us-east-1");
        var found = TeardownPlanner.FindRoleAsync(sessions, iam, whyNoIam, Role, keepRole, clock ?? new AutoAdvancingTime(), propagationWindow, CancellationToken.None);
        return TeardownPlanner.WithPoliciesAsync(iam, found, CancellationToken.None);
    }

    [Fact]
    public async Task InstancesWithoutBothOfOurTags_AreNeverPlanned_EvenWhenTheStateFileListsThem()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-ours", tags: TaggedFor(Role));
        ec2.Add("i-ours-stopped-recorded", "stopped", TaggedFor(Role));
        ec2.Add("i-untagged-recorded");
        ec2.Add("i-managedby-only-recorded", tags: new Dictionary<string, string> { ["ManagedBy"] = "AssumeRoleCli" });
        ec2.Add("i-role-tag-only-recorded", tags: new Dictionary<string, string> { ["AssumeRoleCli:Role"] = Role.ToString() });
        ec2.Add("i-other-role", tags: TaggedFor(OtherRole));
        ec2.Add("i-terminated-recorded", "terminated", TaggedFor(Role));

        var instances = await InstanceInventory.FindAsync(
            ec2,
            Role,
            ["i-ours-stopped-recorded", "i-untagged-recorded", "i-managedby-only-recorded", "i-role-tag-only-recorded", "i-terminated-recorded", "i-unknown-recorded"],
            CancellationToken.None);

        Assert.Equal(["i-ours", "i-ours-stopped-recorded"], instances.TerminateIds.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["i-managedby-only-recorded", "i-role-tag-only-recorded", "i-untagged-recorded"],
            instances.NotOurs.Select(i => i.InstanceId).Order(StringComparer.Ordinal));
        Assert.Equal(["i-terminated-recorded", "i-unknown-recorded"], instances.Gone.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("i-other-role", instances.ToForget);
        Assert.Empty(ec2.Writes);
    }

    [Fact]
    public async Task Addresses_CountTheStateFilesLaunchOrder_GoneOnesKeepTheirNumber_TagOnlyOnesComeAfter_OldestFirst()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-second", tags: TaggedFor(Role));
        ec2.Add("i-first", "stopped", TaggedFor(Role));
        ec2.Add("i-late-find", tags: TaggedFor(Role), launchTime: new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero));
        ec2.Add("i-early-find", tags: TaggedFor(Role), launchTime: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        ec2.Add("i-untagged-recorded");

        var instances = await InstanceInventory.FindAsync(
            ec2, Role, ["i-first", "i-gone", "i-second", "i-untagged-recorded"], CancellationToken.None);
        var plan = new TeardownPlan(Role, instances, RoleTeardown.Kept(Role, RoleStatus.Ours)).ToPlan();

        Assert.Equal(
            ["aws_instance.this[0]", "aws_instance.this[2]", "aws_instance.this[4]", "aws_instance.this[5]"],
            plan.Changes.Select(c => c.Address));
        Assert.Equal(["i-first", "i-second", "i-early-find", "i-late-find"], instances.TerminateIds);
        Assert.Equal("aws_instance.this[1]", instances.AddressOf("i-gone"));
        Assert.Equal("aws_instance.this[3]", instances.AddressOf("i-untagged-recorded"));
        Assert.All(plan.Changes, c => Assert.Equal(("aws_instance", "this"), (c.ResourceType, c.Name)));
    }

    [Fact]
    public async Task ARecordedShuttingDownInstanceOfOurs_IsPlanned_SoTeardownWaitsForIt()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-1", "shutting-down", TaggedFor(Role));

        var instances = await InstanceInventory.FindAsync(ec2, Role, ["i-1"], CancellationToken.None);

        Assert.Equal(["i-1"], instances.TerminateIds);
    }

    [Fact]
    public async Task AForeignRole_IsRefusedAtPlanTime_AndNothingIsWritten()
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Role.ToString(), "{}", new Dictionary<string, string> { ["Team"] = "other" }), Ec2Full);

        var error = await Assert.ThrowsAsync<CliException>(() => PlanRoleAsync(iam, "", keepRole: false));

        Assert.Equal(ExitCodes.Failure, error.ExitCode);
        Assert.Contains("not created by AssumeRoleCli", error.Message, StringComparison.Ordinal);
        Assert.Empty(iam.Writes);
    }

    [Fact]
    public async Task KeepRole_PlansNoRoleDeletion_NotEvenRefusingAForeignRole()
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Role.ToString(), "{}", new Dictionary<string, string>()), Ec2Full);
        var ec2 = new FakeEc2Api();
        ec2.Add("i-1", tags: TaggedFor(Role));

        var roleHalf = await PlanRoleAsync(iam, "", keepRole: true);
        var instances = await InstanceInventory.FindAsync(ec2, Role, [], CancellationToken.None);
        var plan = new TeardownPlan(Role, instances, roleHalf).ToPlan();

        Assert.Equal(RoleStatus.Foreign, roleHalf.Status);
        Assert.False(roleHalf.Delete);
        Assert.Equal(["aws_instance.this[0]"], plan.Changes.Select(c => c.Address));
        Assert.Equal("Plan: 0 to add, 0 to change, 1 to destroy.", plan.Summary);
    }

    [Fact]
    public async Task KeepRole_WithoutADestinationProfile_IsAllowed()
    {
        var roleHalf = await PlanRoleAsync(null, "profile 'destination' was not found", keepRole: true);

        Assert.Equal(RoleStatus.Unknown, roleHalf.Status);
        Assert.False(roleHalf.Delete);
    }

    [Fact]
    public async Task DeletingTheRole_WithoutADestinationProfile_IsRefusedAtPlanTime_NamingTheWayOut()
    {
        var error = await Assert.ThrowsAsync<CliException>(
            () => PlanRoleAsync(null, "profile 'destination' was not found", keepRole: false));

        Assert.Contains("needs the destination profile", error.Message, StringComparison.Ordinal);
        Assert.Contains("profile 'destination' was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("--keep-role", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OurRole_IsPlannedAsADeletion_ListingItsPolicies()
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Role.ToString(), "{}", OurRoleTags), Ec2Full);
        var ec2 = new FakeEc2Api();
        ec2.Add("i-1", tags: TaggedFor(Role));

        var roleHalf = await PlanRoleAsync(iam, "", keepRole: false);
        var plan = new TeardownPlan(Role, await InstanceInventory.FindAsync(ec2, Role, [], CancellationToken.None), roleHalf).ToPlan();

        Assert.True(roleHalf.Delete);
        Assert.Equal("Plan: 0 to add, 0 to change, 2 to destroy.", plan.Summary);
        Assert.Equal(["aws_instance.this[0]", "aws_iam_role.assume_role"], plan.Changes.Select(c => c.Address));
        Assert.All(plan.Changes, c => Assert.Equal(ChangeAction.Delete, c.Action));
        Assert.All(plan.Changes.SelectMany(c => c.Attributes), a => Assert.Null(a.After));
        Assert.Contains(plan.Changes[1].Attributes, a => a.Name == "managed_policy_arns" && a.Before!.SameAs(PlanValue.Set([Ec2Full.Arn])));
        Assert.Equal(
            [PlanValue.Text("ami-12345678"), PlanValue.Text("i-1"), PlanValue.Text("running"), PlanValue.Text("t2.micro")],
            plan.Changes[0].Attributes.Select(a => a.Before));
    }

    [Fact]
    public async Task AMissingRole_OrOneOfTheSameNameAtAnotherPath_IsAbsent_AndNotDeleted()
    {
        var iam = new FakeIamApi();
        var missing = await PlanRoleAsync(iam, "", keepRole: false);
        iam.AddRole(new IamRole("assume_role", "arn:aws:iam::111122223333:role/team/assume_role", "{}", OurRoleTags));
        var elsewhere = await PlanRoleAsync(iam, "", keepRole: false);

        Assert.Equal(RoleStatus.Absent, missing.Status);
        Assert.Equal(RoleStatus.Absent, elsewhere.Status);
        Assert.False(missing.Delete || elsewhere.Delete);
    }

    [Fact]
    public async Task ARoleMadeMomentsAgo_ThatIamDoesNotShowYet_IsAskedForAgain_NotForgotten()
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Role.ToString(), "{}", OurRoleTags), Ec2Full);
        iam.HideRoleFor("assume_role", lookups: 2);
        var clock = new AutoAdvancingTime();

        var planned = await PlanRoleAsync(iam, "", keepRole: false, clock, TimeSpan.FromMinutes(2));

        Assert.Equal(RoleStatus.Ours, planned.Status);
        Assert.True(planned.Delete);
        Assert.Equal(2, clock.Delays.Count);
    }

    [Fact]
    public async Task ARoleWhoseArnIsStillAUniqueId_IsAskedForAgain()
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", "AROAEXAMPLEUNIQUEID", "{}", OurRoleTags), Ec2Full);
        iam.RevealArnAfter("assume_role", Role.ToString(), lookups: 1);

        var planned = await PlanRoleAsync(iam, "", keepRole: false, new AutoAdvancingTime(), TimeSpan.FromMinutes(2));

        Assert.Equal(RoleStatus.Ours, planned.Status);
    }

    [Fact]
    public async Task AnOldRoleThatIsGone_IsConcludedAbsentAtOnce()
    {
        var clock = new AutoAdvancingTime();

        var planned = await PlanRoleAsync(new FakeIamApi(), "", keepRole: false, clock, TimeSpan.Zero);

        Assert.Equal(RoleStatus.Absent, planned.Status);
        Assert.Empty(clock.Delays);
    }
}
