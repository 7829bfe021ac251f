using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>launch-instance --ttl: the instances launched now carry the expiry from RunInstances on; running ones keep theirs, and the plan says so.</summary>
public class InstanceExpiryPlanTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly Expiry InAnHour = new(new DateTimeOffset(2026, 12, 6, 19, 0, 0, TimeSpan.Zero));

    private static LaunchSpec Spec(int? count, Expiry? expiry) =>
        new(Role, "us-east-1", "t2.micro", "ami-12345678", false, count, null, [], null, new Dictionary<string, string>()) { Expiry = expiry };

    [Fact]
    public async Task NewInstances_AreTaggedWithTheExpiry_InTheRequestAndThePlan()
    {
        var plan = await InstancePlannerTests.PlanAsync(new FakeEc2Api(), Spec(2, InAnHour), StateDocument.Empty, () => "token-1");

        Assert.Equal("2026-12-06T19:00:00Z", plan.Request!.Tags[ManagedTags.ExpiresAtKey]);
        Assert.Matches("\\+ \"AssumeRoleCli:ExpiresAt\" += \"2026-12-06T19:00:00Z\"", PlanRenderer.Render(plan.ToPlan()));
        Assert.Empty(plan.ToPlan().Notes);
    }

    [Fact]
    public async Task WithoutTtl_NoExpiryTag()
    {
        var plan = await InstancePlannerTests.PlanAsync(new FakeEc2Api(), Spec(1, null), StateDocument.Empty, () => "token-1");

        Assert.DoesNotContain(ManagedTags.ExpiresAtKey, plan.Request!.Tags.Keys);
    }

    [Fact]
    public async Task RunningInstances_KeepTheirExpiry_TheRerunChangesNothing_AndThePlanSaysSo()
    {
        var ec2 = new FakeEc2Api();
        var tagged = ManagedTags.ForInstance(Role.ToString());
        ec2.Add("i-old", "running", new Dictionary<string, string>(tagged) { [ManagedTags.ExpiresAtKey] = "2026-12-06T17:00:00Z" });

        var plan = await InstancePlannerTests.PlanAsync(ec2, Spec(null, InAnHour), StateDocument.Empty, () => "token-1");

        Assert.True(plan.ToPlan().IsEmpty);
        Assert.Equal(
            ["aws_instance.this[0] (i-old) keeps its tags (it expires at 2026-12-06T17:00:00Z): --ttl applies to the instances launched now, as tags are set only at launch."],
            plan.ToPlan().Notes);
        Assert.Contains("keeps its tags", PlanRenderer.Render(plan.ToPlan()), StringComparison.Ordinal);
        Assert.Empty(ec2.Writes);
    }
}
