using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

public class RolePlannerTests
{
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");
    private static readonly ManagedPolicyRef ReadOnly = new("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess");
    private static readonly Dictionary<string, string> OurTags = new() { ["ManagedBy"] = "AssumeRoleCli" };

    private static Task<string> ApplyAsync(FakeIamApi iam, RolePlan plan)
    {
        var progress = new RecordingProgress();
        return new RoleApplier(iam, progress, new IamConflictRetry(new AutoAdvancingTime(), progress)).ApplyAsync(plan, CancellationToken.None);
    }

    /// <summary>The planner as <see cref="RoleCreation"/> uses it: the role as it is, then the difference.</summary>
    internal static async Task<RolePlan> PlanAsync(IIamApi iam, RoleSpec spec) =>
        RolePlanner.Plan(spec, await new RolePlanner(iam).ReadAsync(spec.RoleName, CancellationToken.None));

    private static RoleSpec Spec(string sourceAccount = "444455556666") => new(
        "assume_role", "arn:aws:iam::111122223333:role/assume_role", sourceAccount, TrustPolicy.ForAccount("aws", sourceAccount), [Ec2Full]);

    [Fact]
    public async Task NoRole_PlansOneCreate_AndApplyCreatesAndAttaches()
    {
        var iam = new FakeIamApi();
        var plan = await PlanAsync(iam, Spec());
        await ApplyAsync(iam, plan);

        Assert.Equal("Plan: 1 to add, 0 to change, 0 to destroy.", plan.ToPlan().Summary);
        Assert.Equal(["CreateRole assume_role", "AttachRolePolicy assume_role arn:aws:iam::aws:policy/AmazonEC2FullAccess"], iam.Writes);
        Assert.True(ManagedTags.IsOurs(iam.Role("assume_role")!.Tags));
    }

    [Fact]
    public async Task OurRoleAlreadyMatching_PlansNothing()
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Spec().RoleArn!, Spec().TrustPolicy, OurTags), Ec2Full);

        var plan = await PlanAsync(iam, Spec());

        Assert.False(plan.HasChanges);
        Assert.True(plan.ToPlan().IsEmpty);
    }

    [Fact]
    public async Task OurRoleDrifted_PlansOneChange_AndApplyBringsItInLine()
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Spec().RoleArn!, TrustPolicy.ForAccount("aws", "999999999999"), OurTags), ReadOnly);
        var plan = await PlanAsync(iam, Spec());
        await ApplyAsync(iam, plan);

        Assert.Equal("Plan: 0 to add, 1 to change, 0 to destroy.", plan.ToPlan().Summary);
        Assert.True(TrustPolicy.AreEquivalent(Spec().TrustPolicy, iam.Role("assume_role")!.TrustPolicy));
        Assert.Equal([Ec2Full.Arn], iam.AttachedTo("assume_role").Select(p => p.Arn));
    }

    [Fact]
    public async Task ARoleWeDidNotCreate_IsRefusedAndUntouched()
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Spec().RoleArn!, "{}", new Dictionary<string, string>()), ReadOnly);

        var error = await Assert.ThrowsAsync<CliException>(() => PlanAsync(iam, Spec()));

        Assert.Contains("not created by AssumeRoleCli", error.Message, StringComparison.Ordinal);
        Assert.Empty(iam.Writes);
    }

    [Fact]
    public async Task PolicyResolver_FindsByWellKnownArnWithoutListing()
    {
        var iam = new FakeIamApi();

        var found = await new PolicyResolver(iam, "aws").ResolveAsync(["ReadOnlyAccess"], [], CancellationToken.None);

        Assert.Equal([ReadOnly], found);
        Assert.Equal((1, 0), (iam.GetPolicyCalls, iam.ListPolicyCalls));
    }

    [Theory]
    [InlineData("aws")]
    [InlineData("aws-cn")]
    [InlineData("aws-us-gov")]
    public async Task PolicyResolver_TheTutorialsPolicy_IsItsArnInThePartition_WithoutALookup(string partition)
    {
        var iam = new FakeIamApi();

        var found = await new PolicyResolver(iam, partition).ResolveAsync(["AmazonEC2FullAccess"], [], CancellationToken.None);

        Assert.Equal([new ManagedPolicyRef("AmazonEC2FullAccess", $"arn:{partition}:iam::aws:policy/AmazonEC2FullAccess")], found);
        Assert.Equal((0, 0), (iam.GetPolicyCalls, iam.ListPolicyCalls));
    }

    [Fact]
    public async Task APolicyIamDoesNotHave_IsRefusedByAttachRolePolicy_InOneLineNamingIt()
    {
        var iam = new FakeIamApi();
        iam.AwsManagedPolicies.RemoveAll(p => p.Name == "AmazonEC2FullAccess"); // a partition without it
        var plan = await PlanAsync(iam, Spec() with { RoleArn = null });

        var error = await Assert.ThrowsAsync<CliException>(() => ApplyAsync(iam, plan));

        Assert.Contains("Could not attach policy AmazonEC2FullAccess (arn:aws:iam::aws:policy/AmazonEC2FullAccess) to role assume_role", error.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchEntity", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Apply_AnswersTheRolesArn_CreateRolesAnswerForANewRole()
    {
        var iam = new FakeIamApi { AccountId = "777788889999" };

        var plan = await PlanAsync(iam, Spec() with { RoleArn = null });
        var arn = await ApplyAsync(iam, plan);

        Assert.Equal("arn:aws:iam::777788889999:role/assume_role", arn);
        Assert.Contains(plan.ToPlan().Changes[0].Attributes, a => a.Name == "arn" && a.After == PlanValue.KnownAfterApply);
    }

    [Fact]
    public async Task AnExistingRole_IsReadWithItsPoliciesAndScopedPolicy()
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Spec().RoleArn!, Spec().TrustPolicy, OurTags), Ec2Full, ReadOnly);
        iam.PutInline("assume_role", ManagedInstancesPolicy.PolicyName, "{\"Version\":\"2012-10-17\"}");

        var existing = await new RolePlanner(iam).ReadAsync("assume_role", CancellationToken.None);

        Assert.NotNull(existing);
        Assert.Equal([Ec2Full, ReadOnly], existing.Attached);
        Assert.Equal("{\"Version\":\"2012-10-17\"}", existing.ScopedPolicy);
        Assert.Null(await new RolePlanner(new FakeIamApi()).ReadAsync("assume_role", CancellationToken.None));
    }

    [Fact]
    public async Task PolicyResolver_FindsAPolicyWithAPathByListing()
    {
        var iam = new FakeIamApi();

        var found = await new PolicyResolver(iam, "aws").ResolveAsync(["AmazonEC2RoleforSSM"], [], CancellationToken.None);

        Assert.Equal("arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM", Assert.Single(found).Arn);
        Assert.Equal(1, iam.ListPolicyCalls);
    }

    [Fact]
    public async Task PolicyResolver_UnknownName_SaysWhich()
    {
        var error = await Assert.ThrowsAsync<CliException>(() => new PolicyResolver(new FakeIamApi(), "aws").ResolveAsync(["NoSuchPolicy"], [], CancellationToken.None));

        Assert.Contains("'NoSuchPolicy'", error.Message, StringComparison.Ordinal);
    }
}
