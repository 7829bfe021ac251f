using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>The role's shape beyond the tutorial: max session duration, narrower trust, the scoped inline policy.</summary>
public class RolePlannerLeastPrivilegeTests
{
    private const string RoleArnText = "arn:aws:iam::111122223333:role/assume_role";
    private const string Secret = "the-shared-secret-42";
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");
    private static readonly Dictionary<string, string> OurTags = new() { ["ManagedBy"] = "AssumeRoleCli" };
    private static readonly string ScopedDocument = ManagedInstancesPolicy.For(RoleArn.For("aws", "111122223333", "assume_role"));

    private static RoleSpec Spec(TrustSpec? trust = null, int maxSession = 3600, bool scoped = false) =>
        new("assume_role", RoleArnText, "444455556666", TrustPolicy.For(trust ?? TrustSpec.ForAccount("aws", "444455556666")), scoped ? [] : [Ec2Full])
        {
            MaxSessionDurationSeconds = maxSession,
            ScopedPolicy = scoped ? ScopedDocument : null,
        };

    private static FakeIamApi WithRole(RoleSpec like, int maxSession = 3600)
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", RoleArnText, like.TrustPolicy, OurTags) { MaxSessionDurationSeconds = maxSession, Description = like.Description }, Ec2Full);
        return iam;
    }

    private static async Task<RolePlan> PlanAndApplyAsync(FakeIamApi iam, RoleSpec spec)
    {
        var plan = await RolePlannerTests.PlanAsync(iam, spec);
        var progress = new RecordingProgress();
        await new RoleApplier(iam, progress, new IamConflictRetry(new AutoAdvancingTime(), progress)).ApplyAsync(plan, CancellationToken.None);
        return plan;
    }

    [Fact]
    public async Task ANewRole_IsCreatedWithTheMaxSessionDuration_AndThePlanShowsIt()
    {
        var iam = new FakeIamApi();

        var plan = await PlanAndApplyAsync(iam, Spec(maxSession: 7200));

        Assert.Contains("+ max_session_duration", PlanRenderer.Render(plan.ToPlan()), StringComparison.Ordinal);
        Assert.Equal(7200, iam.Role("assume_role")!.MaxSessionDurationSeconds);
        Assert.Equal(Spec().Description, iam.Role("assume_role")!.Description);
    }

    [Fact]
    public async Task ADriftedMaxSessionDuration_IsOneChange_MadeWithUpdateRoleKeepingTheDescription()
    {
        var iam = WithRole(Spec(), maxSession: 3600);

        var plan = await PlanAndApplyAsync(iam, Spec(maxSession: 43200));

        Assert.Equal("Plan: 0 to add, 1 to change, 0 to destroy.", plan.ToPlan().Summary);
        Assert.Contains(PlanRenderer.Render(plan.ToPlan()).Split('\n'), l => l.Contains("~ max_session_duration", StringComparison.Ordinal) && l.Contains("3600", StringComparison.Ordinal) && l.Contains("-> \"43200\"", StringComparison.Ordinal));
        Assert.Equal(["UpdateRole assume_role 43200"], iam.Writes);
        Assert.Equal(Spec().Description, iam.Role("assume_role")!.Description);
    }

    [Fact]
    public async Task TrustingAUserInsteadOfTheAccount_IsATrustPolicyChange()
    {
        var iam = WithRole(Spec());

        var plan = await PlanAndApplyAsync(iam, Spec(new TrustSpec(["arn:aws:iam::444455556666:user/ci"])));

        Assert.True(plan.TrustPolicyChanges);
        Assert.Equal(["UpdateAssumeRolePolicy assume_role"], iam.Writes);
        Assert.Contains("arn:aws:iam::444455556666:user/ci", iam.Role("assume_role")!.TrustPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExternalId_IsWrittenToIam_ButThePlanShowsOnlyThatItIsSensitive()
    {
        var iam = new FakeIamApi();

        var plan = await PlanAndApplyAsync(iam, Spec(new TrustSpec(["arn:aws:iam::444455556666:root"], Secret, RequireMfa: true)));
        var shown = PlanRenderer.Render(plan.ToPlan());

        Assert.Contains(Secret, iam.Role("assume_role")!.TrustPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, shown, StringComparison.Ordinal);
        Assert.Contains(shown.Split('\n'), l => l.Contains("\"sts:ExternalId\"", StringComparison.Ordinal) && l.Contains("\"(sensitive value)\"", StringComparison.Ordinal));
        Assert.Contains("aws:MultiFactorAuthPresent", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, plan.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangedExternalId_IsDrift_ShownWithoutEitherValue()
    {
        var iam = WithRole(Spec(new TrustSpec(["arn:aws:iam::444455556666:root"], "the-old-secret-1")));

        var plan = await PlanAndApplyAsync(iam, Spec(new TrustSpec(["arn:aws:iam::444455556666:root"], Secret)));
        var shown = PlanRenderer.Render(plan.ToPlan());

        Assert.Equal("Plan: 0 to add, 1 to change, 0 to destroy.", plan.ToPlan().Summary);
        Assert.Contains("~ external_id", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("the-old-secret-1", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, shown, StringComparison.Ordinal);
        Assert.Contains(Secret, iam.Role("assume_role")!.TrustPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DroppingMfa_IsDrift()
    {
        var mfa = Spec(new TrustSpec(["arn:aws:iam::444455556666:root"], RequireMfa: true));
        var iam = WithRole(mfa);

        Assert.False((await RolePlannerTests.PlanAsync(iam, mfa)).HasChanges);
        var plan = await PlanAndApplyAsync(iam, Spec());

        Assert.True(plan.TrustPolicyChanges);
        Assert.DoesNotContain("MultiFactorAuthPresent", iam.Role("assume_role")!.TrustPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopedNewRole_IsTwoResources_TheRoleWithoutManagedPolicies_AndItsInlinePolicy()
    {
        var iam = new FakeIamApi();

        var plan = await PlanAndApplyAsync(iam, Spec(scoped: true));
        var shown = PlanRenderer.Render(plan.ToPlan());

        Assert.Equal("Plan: 2 to add, 0 to change, 0 to destroy.", plan.ToPlan().Summary);
        Assert.Contains("resource \"aws_iam_role_policy\" \"assume_role_managed_instances\"", shown, StringComparison.Ordinal);
        Assert.Contains("\"ec2:RunInstances\"", shown, StringComparison.Ordinal); // the document, shown as jsonencode(...)
        Assert.Equal(["CreateRole assume_role", "PutRolePolicy assume_role AssumeRoleCli-ManagedInstances"], iam.Writes);
        Assert.Empty(iam.AttachedTo("assume_role"));
        Assert.Equal(ScopedDocument, await iam.GetInlinePolicyAsync("assume_role", ManagedInstancesPolicy.PolicyName, CancellationToken.None));
    }

    [Fact]
    public async Task ScopedPolicy_AsIamRewritesIt_IsNoChange_ButAnEditedOneIsPutBack()
    {
        var iam = WithRole(Spec(scoped: true));
        await iam.DetachPolicyAsync("assume_role", Ec2Full.Arn, CancellationToken.None);
        iam.PutInline("assume_role", ManagedInstancesPolicy.PolicyName, System.Text.Json.Nodes.JsonNode.Parse(ScopedDocument)!.ToJsonString(new() { WriteIndented = true }));
        Assert.False((await RolePlannerTests.PlanAsync(iam, Spec(scoped: true))).HasChanges);

        iam.PutInline("assume_role", ManagedInstancesPolicy.PolicyName, ScopedDocument.Replace("ec2:TerminateInstances", "ec2:*", StringComparison.Ordinal));
        iam.Writes.Clear();
        var plan = await PlanAndApplyAsync(iam, Spec(scoped: true));

        Assert.Equal("Plan: 0 to add, 1 to change, 0 to destroy.", plan.ToPlan().Summary);
        Assert.Equal(ChangeAction.Update, Assert.Single(plan.ToPlan().Changes).Action);
        Assert.Equal(["PutRolePolicy assume_role AssumeRoleCli-ManagedInstances"], iam.Writes);
        Assert.True(PolicyDocument.AreEquivalent(ScopedDocument, (await iam.GetInlinePolicyAsync("assume_role", ManagedInstancesPolicy.PolicyName, CancellationToken.None))!));
    }

    [Fact]
    public async Task BackToFullAccess_DestroysTheInlinePolicy_AndAttachesTheManagedOne()
    {
        var iam = WithRole(Spec(scoped: true));
        await iam.DetachPolicyAsync("assume_role", Ec2Full.Arn, CancellationToken.None);
        iam.PutInline("assume_role", ManagedInstancesPolicy.PolicyName, ScopedDocument);
        iam.Writes.Clear();

        var plan = await PlanAndApplyAsync(iam, Spec());

        Assert.Equal("Plan: 0 to add, 1 to change, 1 to destroy.", plan.ToPlan().Summary);
        Assert.Equal(["AttachRolePolicy assume_role arn:aws:iam::aws:policy/AmazonEC2FullAccess", "DeleteRolePolicy assume_role AssumeRoleCli-ManagedInstances"], iam.Writes);
        Assert.Null(await iam.GetInlinePolicyAsync("assume_role", ManagedInstancesPolicy.PolicyName, CancellationToken.None));
    }

    [Fact]
    public async Task OtherInlinePolicies_AreNotOurs_AndLeftAlone()
    {
        var iam = WithRole(Spec());
        iam.PutInline("assume_role", "someone-elses", """{"Version":"2012-10-17","Statement":[]}""");

        var plan = await RolePlannerTests.PlanAsync(iam, Spec());

        Assert.False(plan.HasChanges);
    }
}
