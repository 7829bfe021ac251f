using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

public class TeardownApplierTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");
    private static readonly ManagedPolicyRef ReadOnly = new("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess");

    private readonly AutoAdvancingTime _clock = new();
    private readonly RecordingProgress _progress;

    public TeardownApplierTests()
    {
        _progress = new RecordingProgress(_clock);
    }

    private TeardownApplier Applier() => new(_progress, new IamConflictRetry(_clock, _progress));

    private static FakeIamApi IamWithOurRole(params ManagedPolicyRef[] attached)
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Role.ToString(), "{}", new Dictionary<string, string> { ["ManagedBy"] = "AssumeRoleCli" }), attached);
        return iam;
    }

    /// <summary>The plan's view of the role: what teardown listed before asking.</summary>
    private static RoleTeardown Planned(params ManagedPolicyRef[] listed) => new(Role, RoleStatus.Ours, true, listed);

    [Fact]
    public async Task DeleteRole_DetachesThePlannedPolicies_ThenDeletes_WithoutListingAgain()
    {
        var iam = IamWithOurRole(Ec2Full, ReadOnly);

        var deleted = await Applier().DeleteRoleAsync(iam, Planned(Ec2Full, ReadOnly), CancellationToken.None);

        Assert.True(deleted);
        Assert.Equal(
            [
                "DetachRolePolicy assume_role arn:aws:iam::aws:policy/AmazonEC2FullAccess",
                "DetachRolePolicy assume_role arn:aws:iam::aws:policy/ReadOnlyAccess",
                "DeleteRole assume_role",
            ],
            iam.Writes);
        Assert.Null(iam.Role("assume_role"));
    }

    [Fact]
    public async Task DeleteRole_ANoSuchEntityForOnePolicy_IsSkipped_AndTheRoleIsStillDeleted()
    {
        // The plan's list still showed a policy detached moments ago: detaching it again answers NoSuchEntity.
        var iam = IamWithOurRole(ReadOnly);

        var deleted = await Applier().DeleteRoleAsync(iam, Planned(Ec2Full, ReadOnly), CancellationToken.None);

        Assert.True(deleted);
        Assert.Contains("DeleteRole assume_role", iam.Writes);
        Assert.Null(iam.Role("assume_role"));
        Assert.DoesNotContain(_progress.Lines, l => l.Contains("already deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteRole_DeleteConflictWhileADetachPropagates_IsRetried_SayingSo()
    {
        var iam = IamWithOurRole(Ec2Full).Fail("DeleteRole", "DeleteConflict", times: 2);

        var deleted = await Applier().DeleteRoleAsync(iam, Planned(Ec2Full), CancellationToken.None);

        Assert.True(deleted);
        Assert.Null(iam.Role("assume_role"));
        Assert.Equal([1, 2], _clock.Delays.Select(d => d.TotalSeconds));
        Assert.Contains(_progress.Notes, n => n.Contains("iam:DeleteRole", StringComparison.Ordinal) && n.Contains("DeleteConflict", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteRole_ADeleteConflict_RemovesInlinePoliciesInstanceProfilesAndLatePolicies_ThenDeletes()
    {
        var iam = IamWithOurRole(Ec2Full, ReadOnly);
        iam.AddInlinePolicy("assume_role", "inline");
        iam.AddToInstanceProfile("assume_role", "profile");

        // The plan listed only one policy; ReadOnly was attached after it.
        var deleted = await Applier().DeleteRoleAsync(iam, Planned(Ec2Full), CancellationToken.None);

        Assert.True(deleted);
        Assert.Contains("DeleteRolePolicy assume_role inline", iam.Writes);
        Assert.Contains("RemoveRoleFromInstanceProfile profile assume_role", iam.Writes);
        Assert.Contains("DetachRolePolicy assume_role arn:aws:iam::aws:policy/ReadOnlyAccess", iam.Writes);
        Assert.Null(iam.Role("assume_role"));
    }

    [Fact]
    public async Task DeleteRole_ConflictsBeyondTwoMinutes_Fail_WithTheAwsCode()
    {
        var iam = IamWithOurRole().Fail("DeleteRole", "DeleteConflict", times: 1000);

        var error = await Assert.ThrowsAsync<Amazon.Runtime.AmazonServiceException>(() => Applier().DeleteRoleAsync(iam, Planned(), CancellationToken.None));

        Assert.Equal("DeleteConflict", error.ErrorCode);
        Assert.InRange(_clock.Elapsed, TimeSpan.FromSeconds(100), IamConflictRetry.Limit);
    }

    [Fact]
    public async Task DeleteRole_OnlyDeleteRolesOwnNoSuchEntity_MeansAlreadyGone()
    {
        var iam = new FakeIamApi();

        var deleted = await Applier().DeleteRoleAsync(iam, Planned(Ec2Full), CancellationToken.None);

        Assert.False(deleted);
        Assert.Contains(_progress.Lines, l => l.EndsWith("already deleted", StringComparison.Ordinal));
    }
}
