using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>
/// create-role --ttl: a new role is created with its expiry tag; on an existing role, --ttl is an in-place update
/// (TagRole of that one key), and a rerun without --ttl leaves the expiry it has as it is (never removed, never extended).
/// </summary>
public class RoleExpiryPlanTests
{
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");
    private static readonly Expiry Tomorrow = new(new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero));

    private static RoleSpec Spec(Expiry? expiry) => new(
        "assume_role", "arn:aws:iam::111122223333:role/assume_role", "444455556666", TrustPolicy.ForAccount("aws", "444455556666"), [Ec2Full])
    {
        Expiry = expiry,
    };

    private static FakeIamApi WithOurRole(string? expiresAt)
    {
        var tags = new Dictionary<string, string> { ["ManagedBy"] = "AssumeRoleCli", ["Team"] = "core" };
        if (expiresAt is not null)
        {
            tags[ManagedTags.ExpiresAtKey] = expiresAt;
        }

        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Spec(null).RoleArn!, Spec(null).TrustPolicy, tags), Ec2Full);
        return iam;
    }

    private static Task<string> ApplyAsync(FakeIamApi iam, RolePlan plan)
    {
        var progress = new RecordingProgress();
        return new RoleApplier(iam, progress, new IamConflictRetry(new AutoAdvancingTime(), progress)).ApplyAsync(plan, CancellationToken.None);
    }

    [Fact]
    public async Task ANewRole_IsCreatedWithItsExpiryTag_AndThePlanShowsIt()
    {
        var iam = new FakeIamApi();

        var plan = await RolePlannerTests.PlanAsync(iam, Spec(Tomorrow));
        await ApplyAsync(iam, plan);

        Assert.Contains("\"AssumeRoleCli:ExpiresAt\" = \"2026-12-07T18:00:00Z\"", PlanRenderer.Render(plan.ToPlan()), StringComparison.Ordinal);
        Assert.Equal("2026-12-07T18:00:00Z", iam.Role("assume_role")!.Tags[ManagedTags.ExpiresAtKey]);
        Assert.DoesNotContain(iam.Writes, w => w.StartsWith("TagRole", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2026-12-06T18:00:00Z")]
    [InlineData(null)]
    public async Task ARerunWithoutTtl_LeavesTheExpiryAsItIs_NoChange(string? expiresAt)
    {
        var iam = WithOurRole(expiresAt);

        var plan = await RolePlannerTests.PlanAsync(iam, Spec(null));

        Assert.False(plan.HasChanges);
        Assert.True(plan.ToPlan().IsEmpty);
    }

    [Theory]
    [InlineData("2026-12-06T18:00:00Z")]
    [InlineData(null)]
    public async Task ARerunWithTtl_SetsTheNewExpiry_AsAnUpdateOfTheTagsOnly(string? expiresAt)
    {
        var iam = WithOurRole(expiresAt);

        var plan = await RolePlannerTests.PlanAsync(iam, Spec(Tomorrow));
        var rendered = PlanRenderer.Render(plan.ToPlan());
        await ApplyAsync(iam, plan);

        Assert.True(plan.ExpiryChanges);
        Assert.Equal("Plan: 0 to add, 1 to change, 0 to destroy.", plan.ToPlan().Summary);
        Assert.Contains("# aws_iam_role.assume_role will be updated in-place", rendered, StringComparison.Ordinal);
        Assert.Contains(
            expiresAt is null
                ? "+ \"AssumeRoleCli:ExpiresAt\" = \"2026-12-07T18:00:00Z\""
                : $"~ \"AssumeRoleCli:ExpiresAt\" = \"{expiresAt}\" -> \"2026-12-07T18:00:00Z\"",
            rendered,
            StringComparison.Ordinal);
        Assert.Equal(["TagRole assume_role AssumeRoleCli:ExpiresAt=2026-12-07T18:00:00Z"], iam.Writes);
        var tags = iam.Role("assume_role")!.Tags;
        Assert.Equal(("2026-12-07T18:00:00Z", "AssumeRoleCli", "core"), (tags[ManagedTags.ExpiresAtKey], tags["ManagedBy"], tags["Team"]));
    }

    [Fact]
    public async Task ARerunWithTheSameExpiry_ChangesNothing()
    {
        var iam = WithOurRole(Tomorrow.Tag);

        var plan = await RolePlannerTests.PlanAsync(iam, Spec(Tomorrow));

        Assert.False(plan.HasChanges);
    }
}
