using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

public class TeardownApplierTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");
    private static readonly ManagedPolicyRef ReadOnly = new("ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess");

    private readonly FakeWaitClock _clock = new();
    private readonly RecordingProgress _progress;

    public TeardownApplierTests()
    {
        _progress = new RecordingProgress(_clock);
    }

    private TeardownApplier Applier() => new(_clock, _progress, new IamConflictRetry(_clock, _progress));

    private static FakeIamApi IamWithOurRole(params ManagedPolicyRef[] attached)
    {
        var iam = new FakeIamApi();
        iam.AddRole(new IamRole("assume_role", Role.ToString(), "{}", new Dictionary<string, string> { ["ManagedBy"] = "AssumeRoleCli" }), attached);
        return iam;
    }

    private static readonly Dictionary<string, int> PlannedIndexes = new() { ["i-slow"] = 0, ["i-1"] = 1, ["i-2"] = 2 };

    /// <summary>The plan's address of each instance, which the progress lines must use.</summary>
    private static string Address(string instanceId) => InstanceAddresses.Of(PlannedIndexes[instanceId]);

    /// <summary>The plan's view of the role: what teardown listed before asking.</summary>
    private static RoleTeardown Planned(params ManagedPolicyRef[] listed) => new(Role, RoleStatus.Ours, true, listed);

    [Fact]
    public async Task Terminate_IsOneCall_ThenWaits_SayingStillDestroyingEvery10s_ForEveryInstance()
    {
        var ec2 = new FakeEc2Api { ShuttingDownPolls = 5 };
        ec2.Add("i-1", tags: ManagedTags.ForInstance(Role.ToString()));
        ec2.Add("i-2", tags: ManagedTags.ForInstance(Role.ToString()));

        var terminated = await Applier().TerminateAsync(ec2, ["i-1", "i-2"], Address, TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Equal(["i-1", "i-2"], terminated);
        Assert.Equal(["TerminateInstances i-1 i-2"], ec2.Writes);
        Assert.Equal("terminated", ec2.StateOf("i-1"));
        var said = _progress.Lines;
        Assert.Contains("aws_instance.this[1]: Destroying... [id=i-1]", said);
        Assert.Contains("aws_instance.this[1]: Still destroying... [10s elapsed]", said);
        Assert.Contains("aws_instance.this[2]: Still destroying... [10s elapsed]", said);
        Assert.Contains(said, l => l.StartsWith("aws_instance.this[2]: Destruction complete after ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Terminate_AnsweredTerminatedAtOnce_NeitherWaitsNorPolls()
    {
        var ec2 = new FakeEc2Api();
        ec2.Add("i-1");

        await Applier().TerminateAsync(ec2, ["i-1"], Address, TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.Empty(_clock.Delays);
        Assert.Equal(0, ec2.DescribeCalls);
    }

    [Fact]
    public async Task Terminate_AnsweredShuttingDown_PollsAtOnce_ThenAfter1s()
    {
        var ec2 = new FakeEc2Api { ShuttingDownPolls = 1 };
        ec2.Add("i-1");

        await Applier().TerminateAsync(ec2, [("aws_instance.this[0]", "i-1")], TimeSpan.FromMinutes(10), CancellationToken.None);

        // EC2 may be done by the time its answer arrives: the first look costs no wait.
        Assert.Equal([TimeSpan.FromSeconds(1)], _clock.Delays);
        Assert.Equal(2, ec2.DescribeCalls);
    }

    [Fact]
    public async Task Terminate_TimesOut_NamingTheInstanceAndItsState()
    {
        var ec2 = new FakeEc2Api { ShuttingDownPolls = int.MaxValue };
        ec2.Add("i-slow");

        var error = await Assert.ThrowsAsync<CliException>(() => Applier().TerminateAsync(ec2, ["i-slow"], Address, TimeSpan.FromSeconds(30), CancellationToken.None));

        Assert.Contains("i-slow: shutting-down", error.Message, StringComparison.Ordinal);
    }

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
