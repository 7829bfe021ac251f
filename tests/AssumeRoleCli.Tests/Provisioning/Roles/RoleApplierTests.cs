using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>The role's apply as the user sees it: never silent while IAM is slow or retried, silent once it failed.</summary>
public class RoleApplierTests
{
    private static readonly ManagedPolicyRef Ec2Full = new("AmazonEC2FullAccess", "arn:aws:iam::aws:policy/AmazonEC2FullAccess");

    private readonly AutoAdvancingTime _clock = new();
    private readonly FakeIamApi _iam = new();
    private readonly RecordingProgress _progress;

    public RoleApplierTests()
    {
        _progress = new RecordingProgress(_clock);
    }

    private async Task<RolePlan> PlanNewRoleAsync()
    {
        var spec = new RoleSpec("assume_role", "arn:aws:iam::111122223333:role/assume_role", "444455556666", TrustPolicy.ForAccount("aws", "444455556666"), [Ec2Full]);
        return await RolePlannerTests.PlanAsync(_iam, spec);
    }

    private Task<string> ApplyAsync(RolePlan plan) =>
        new RoleApplier(_iam, _progress, new IamConflictRetry(_clock, _progress)).ApplyAsync(plan, CancellationToken.None);

    [Fact]
    public async Task ASlowCreateRole_SaysStillCreatingEvery10s_WhileTheOneCallRuns()
    {
        var plan = await PlanNewRoleAsync();
        _iam.During("CreateRole", () => Task.Delay(TimeSpan.FromSeconds(25), _clock));

        await ApplyAsync(plan);

        Assert.Equal(
            [
                $"{plan.Address}: Creating...",
                $"{plan.Address}: Still creating... [10s elapsed]",
                $"{plan.Address}: Still creating... [20s elapsed]",
                $"{plan.Address}: Creation complete after 25s [id=assume_role]",
            ],
            _progress.Lines);
    }

    [Fact]
    public async Task IamConflictRetries_AreNeverSilent_EitherNoteOnceThenTick()
    {
        var plan = await PlanNewRoleAsync();
        _iam.Fail("AttachRolePolicy", "ConcurrentModification", times: 5); // retried after 1+2+4+5+5 = 17 s

        await ApplyAsync(plan);

        var said = _progress.Lines;
        Assert.Contains(said, l => l.StartsWith("iam:AttachRolePolicy: ", StringComparison.Ordinal) && l.Contains("retrying", StringComparison.Ordinal));
        Assert.Contains($"{plan.Address}: Still creating... [10s elapsed]", said);
        Assert.Equal($"{plan.Address}: Creation complete after 17s [id=assume_role]", said[^1]);
    }

    [Fact]
    public async Task AFailedApply_StopsItsTimer_NothingTicksAfterTheError()
    {
        var plan = await PlanNewRoleAsync();
        _iam.Fail("CreateRole", "MalformedPolicyDocument");

        await Assert.ThrowsAsync<AmazonServiceException>(() => ApplyAsync(plan));
        await Task.Delay(TimeSpan.FromMinutes(1), _clock);

        Assert.Equal([$"{plan.Address}: Creating..."], _progress.Lines);
    }

    private const string UnknownPrincipal = "Invalid principal in policy: \"AWS\":\"arn:aws:iam::444455556666:user/made-just-now\"";

    [Fact]
    public async Task APrincipalIamDoesNotKnowYet_IsWaitedFor_WithOneNote_ThenTheRoleIsCreated()
    {
        var plan = await PlanNewRoleAsync();
        _iam.Fail("CreateRole", "MalformedPolicyDocument", times: 3, message: UnknownPrincipal);

        await ApplyAsync(plan);

        Assert.NotNull(_iam.Role("assume_role"));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], _clock.Delays);
        var note = Assert.Single(_progress.Notes);
        Assert.Contains("IAM does not know a principal of the trust policy yet", note, StringComparison.Ordinal);
        Assert.Contains("retrying for up to 120s", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APrincipalIamNeverKnows_EndsAfterTheWindow_InOneLineNamingIt()
    {
        var plan = await PlanNewRoleAsync();
        _iam.Fail("CreateRole", "MalformedPolicyDocument", times: 1000, message: UnknownPrincipal);

        var failure = await Assert.ThrowsAsync<CliException>(() => ApplyAsync(plan));

        Assert.InRange(_clock.Elapsed, TimeSpan.FromSeconds(110), IamConflictRetry.Limit);
        Assert.Null(_iam.Role("assume_role"));
        Assert.DoesNotContain('\n', failure.Message);
        Assert.Contains("IAM refused the trust policy of role assume_role for 120s", failure.Message, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::444455556666:user/made-just-now", failure.Message, StringComparison.Ordinal);
        Assert.Contains("--trusted-principal", failure.Message, StringComparison.Ordinal);
        Assert.Single(_progress.Notes);
    }

    [Fact]
    public async Task ANewPrincipalInAChangedTrustPolicy_IsWaitedFor_Too()
    {
        var spec = new RoleSpec("assume_role", "arn:aws:iam::111122223333:role/assume_role", "444455556666", TrustPolicy.ForAccount("aws", "444455556666"), [Ec2Full]);
        _iam.AddRole(new IamRole("assume_role", spec.RoleArn!, TrustPolicy.ForAccount("aws", "999999999999"), new Dictionary<string, string> { ["ManagedBy"] = "AssumeRoleCli" }), Ec2Full);
        var plan = await RolePlannerTests.PlanAsync(_iam, spec);
        _iam.Fail("UpdateAssumeRolePolicy", "MalformedPolicyDocument", times: 2, message: UnknownPrincipal);

        await ApplyAsync(plan);

        Assert.True(TrustPolicy.AreEquivalent(spec.TrustPolicy, _iam.Role("assume_role")!.TrustPolicy));
        Assert.Contains("iam:UpdateAssumeRolePolicy", Assert.Single(_progress.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNewRole_IsHandedOnTheMomentCreateRoleAnswers_BeforeAnAttachmentIsRefused()
    {
        var plan = await PlanNewRoleAsync();
        _iam.Fail("AttachRolePolicy", "AccessDenied");
        var writesWhenCreated = new List<string>();
        string? created = null;

        await Assert.ThrowsAsync<AmazonServiceException>(() => new RoleApplier(_iam, _progress, new IamConflictRetry(_clock, _progress), arn =>
        {
            created = arn;
            writesWhenCreated.AddRange(_iam.Writes);
            return Task.CompletedTask;
        }).ApplyAsync(plan, CancellationToken.None));

        Assert.Equal(_iam.Role("assume_role")!.Arn, created);
        Assert.Equal(["CreateRole assume_role"], writesWhenCreated.Select(w => string.Join(' ', w.Split(' ').Take(2))));
    }
}
