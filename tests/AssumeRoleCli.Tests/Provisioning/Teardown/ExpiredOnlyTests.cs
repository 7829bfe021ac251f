using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>teardown --expired: only what is past its expiry goes; the role only once none of its instances stays.</summary>
public class ExpiredOnlyTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 18, 0, 0, TimeSpan.Zero);
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");

    private static InstanceInfo Instance(string id, string? expiresAt)
    {
        var tags = ManagedTags.ForInstance(Role.ToString());
        if (expiresAt is not null)
        {
            tags[ManagedTags.ExpiresAtKey] = expiresAt;
        }

        return new InstanceInfo(id, "running", "t2.micro", "ami-1", "111122223333", tags);
    }

    private static TeardownPlan Plan(string? roleExpiresAt, params InstanceInfo[] instances)
    {
        var indexes = instances.Select((instance, index) => (instance.InstanceId, index)).ToDictionary(p => p.InstanceId, p => p.index);
        var role = new RoleTeardown(Role, RoleStatus.Ours, true, [Ec2Full])
        {
            Expiry = roleExpiresAt is null ? null : new Expiry(DateTimeOffset.Parse(roleExpiresAt, System.Globalization.CultureInfo.InvariantCulture)),
        };
        return new TeardownPlan(Role, new RoleInstances(instances, ["i-gone"], [], indexes), role);
    }

    [Fact]
    public void ExpiredInstancesGo_OthersStay_AndSoDoesARoleWhoseInstanceStays_EachNamedWithWhy()
    {
        var plan = Plan("2026-12-06T17:00:00Z", Instance("i-past", "2026-12-06T17:59:59Z"), Instance("i-future", "2026-12-06T19:00:00Z"), Instance("i-never", null));

        var selection = ExpiredOnly.Select(plan, Now);

        Assert.Equal(["i-past"], selection.Instances.TerminateIds);
        Assert.Contains("i-gone", selection.Instances.ToForget);
        Assert.DoesNotContain("i-future", selection.Instances.ToForget);
        Assert.False(selection.RoleDecision.Delete);
        Assert.Equal(
            [
                "Keeping aws_instance.this[1] (i-future): it expires at 2026-12-06T19:00:00Z.",
                "Keeping aws_instance.this[2] (i-never): it has no expiry.",
                "Keeping aws_iam_role.assume_role: it expired at 2026-12-06T17:00:00Z, but i-future, i-never of its instances have not, and they are reached through it.",
            ],
            selection.Kept);
    }

    [Fact]
    public void AnExpiredRole_WhoseInstancesAllExpired_GoesWithThem()
    {
        var plan = Plan("2026-12-06T18:00:00Z", Instance("i-a", "2026-12-06T12:00:00Z"), Instance("i-b", "2026-12-06T17:00:00Z"));

        var selection = ExpiredOnly.Select(plan, Now);
        var rendered = (new TeardownPlan(Role, selection.Instances, selection.RoleDecision).ToPlan() with { Notes = selection.Kept }).Summary;

        Assert.Equal(["i-a", "i-b"], selection.Instances.TerminateIds);
        Assert.True(selection.RoleDecision.Delete);
        Assert.Empty(selection.Kept);
        Assert.Equal("Plan: 0 to add, 0 to change, 3 to destroy.", rendered);
    }

    [Theory]
    [InlineData(null, "Keeping aws_iam_role.assume_role: it has no expiry.")]
    [InlineData("2026-12-06T18:00:01Z", "Keeping aws_iam_role.assume_role: it expires at 2026-12-06T18:00:01Z.")]
    public void ARoleNotExpired_Stays_EvenWithNoInstanceLeft(string? roleExpiresAt, string note)
    {
        var selection = ExpiredOnly.Select(Plan(roleExpiresAt), Now);

        Assert.False(selection.RoleDecision.Delete);
        Assert.Equal(RoleStatus.Ours, selection.RoleDecision.Status);
        Assert.Equal([note], selection.Kept);
        Assert.True(new TeardownPlan(Role, selection.Instances, selection.RoleDecision).ToPlan().IsEmpty);
    }

    [Fact]
    public void WhatStays_IsSaidInTheRenderedPlan_EvenWhenNothingIsDestroyed()
    {
        var selection = ExpiredOnly.Select(Plan(null, Instance("i-future", "2026-12-06T19:00:00Z")), Now);
        var plan = TeardownPlan.Combine([new TeardownPlan(Role, selection.Instances, selection.RoleDecision)]) with { Notes = selection.Kept };

        var text = PlanRenderer.Render(plan).ReplaceLineEndings("\n");

        Assert.StartsWith("No changes. No objects need to be destroyed.", text, StringComparison.Ordinal);
        Assert.Contains("\nKeeping aws_instance.this[0] (i-future): it expires at 2026-12-06T19:00:00Z.\nKeeping aws_iam_role.assume_role: it has no expiry.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AsData_WhatStaysIsTheNotesArray_AbsentWhenNothingIsSaid()
    {
        var selection = ExpiredOnly.Select(Plan(null), Now);
        var plan = TeardownPlan.Combine([new TeardownPlan(Role, selection.Instances, selection.RoleDecision)]);

        using var with = System.Text.Json.JsonDocument.Parse(
            System.Text.Json.JsonSerializer.Serialize(PlanDocument.From(plan with { Notes = selection.Kept }), OutputJsonContext.Default.PlanDocument));
        using var without = System.Text.Json.JsonDocument.Parse(
            System.Text.Json.JsonSerializer.Serialize(PlanDocument.From(plan), OutputJsonContext.Default.PlanDocument));

        Assert.Equal(["Keeping aws_iam_role.assume_role: it has no expiry."], with.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        Assert.False(without.RootElement.TryGetProperty("notes", out _));
    }
}
