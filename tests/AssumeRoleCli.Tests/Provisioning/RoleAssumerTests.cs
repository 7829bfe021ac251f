using AssumeRoleCli.Tests.Fakes;
using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Aws;

namespace AssumeRoleCli.Tests.Provisioning;

public class RoleAssumerTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "444455556666", "assume_role");
    private static readonly CallerIdentity Source = new("111122223333", "arn:aws:iam::111122223333:user/dev", "AIDA");

    /// <summary>Who the source is, when RoleAssumer asks (it asks only after a refusal).</summary>
    private static Task<CallerIdentity> AskSource(CancellationToken ct) => Task.FromResult(Source);

    private static readonly AssumeRoleSpec Spec = new(Role, "s", 3600);

    private static (RoleAssumer Assumer, AutoAdvancingTime Clock, List<string> Said) Create(FakeSts sts, TimeSpan grace)
    {
        var clock = new AutoAdvancingTime();
        var progress = new RecordingProgress();
        return (new RoleAssumer(sts, clock, grace, progress), clock, progress.Notes);
    }

    [Fact]
    public async Task AFreshSessionThatWouldExpireDuringAWait_IsAssumedAgain_WithinBotocoresMandatoryWindow()
    {
        var time = new AutoAdvancingTime();
        var sts = new FakeSts(Source) { IssuedExpiration = time.GetUtcNow().UtcDateTime.AddMinutes(20) };
        var progress = new RecordingProgress();
        var assumed = await new RoleAssumer(sts, time, TimeSpan.Zero, progress).AssumeAsync(Spec, AskSource, CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(9)); // 11 minutes left: still used
        await assumed.Credentials.GetCredentialsAsync();
        Assert.Equal(1, sts.AssumeRoleCalls);
        time.Advance(TimeSpan.FromMinutes(2)); // 9 minutes left, e.g. while waiting for instances: assumed again, once
        await Task.WhenAll(assumed.Credentials.GetCredentialsAsync(), assumed.Credentials.GetCredentialsAsync());

        Assert.Equal(2, sts.AssumeRoleCalls);
        Assert.Equal($"The session for {Role} expires in less than 10 minutes; assuming the role again.", Assert.Single(progress.Notes));
    }

    [Fact]
    public async Task AccessDeniedWhileTheRolePropagates_IsRetriedWithBackoff_SayingSoOnce()
    {
        var sts = new FakeSts(Source).FailAssumeRole("AccessDenied", times: 3);
        var (assumer, clock, said) = Create(sts, TimeSpan.FromMinutes(2));

        var assumed = await assumer.AssumeAsync(Spec, AskSource, CancellationToken.None);

        Assert.Equal($"arn:aws:sts::{Role.AccountId}:assumed-role/assume_role/s", assumed.AssumedRoleArn);
        Assert.Equal(4, sts.AssumeRoleCalls);
        Assert.Equal([1, 2, 4], clock.Delays.Select(d => d.TotalSeconds));
        Assert.Contains("Waiting for role assume_role to become usable", Assert.Single(said), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitingForPropagation_SaysStillWaitingEvery10s_AndFallsSilentOnceTheRoleWorks()
    {
        var sts = new FakeSts(Source).FailAssumeRole("AccessDenied", times: 6); // waits 1+2+4+5+5+5 = 22 s
        var clock = new AutoAdvancingTime();
        var progress = new RecordingProgress(clock);

        await new RoleAssumer(sts, clock, TimeSpan.FromMinutes(2), progress).AssumeAsync(Spec, AskSource, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMinutes(1), clock);

        Assert.Equal(
            ["Still waiting for role assume_role... [10s elapsed]", "Still waiting for role assume_role... [20s elapsed]"],
            progress.Lines.Skip(1));
        Assert.StartsWith("Waiting for role assume_role to become usable", progress.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskingWhoTheSourceIs_CostsNothingWhenAssumeRoleWorks_AndOneCallWhenRefused()
    {
        var asked = 0;
        Task<CallerIdentity> Who(CancellationToken ct) { asked++; return Task.FromResult(Source); }
        var sts = new FakeSts(Source).FailAssumeRole("AccessDenied", times: 3);
        var (assumer, _, _) = Create(sts, TimeSpan.FromMinutes(2));
        await assumer.AssumeAsync(Spec, Who, CancellationToken.None);
        Assert.Equal(1, asked);

        var (fresh, _, _) = Create(new FakeSts(Source), TimeSpan.FromMinutes(2));
        await fresh.AssumeAsync(Spec, Who, CancellationToken.None);
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task ARootSourceRefused_IsNotWaitedOutAsPropagation_TheErrorNamesTheRoot()
    {
        var root = new CallerIdentity("111122223333", "arn:aws:iam::111122223333:root", "111122223333");
        var sts = new FakeSts(root).FailAssumeRole("AccessDenied", times: 100);
        var (assumer, clock, said) = Create(sts, TimeSpan.FromMinutes(2));

        var error = await Assert.ThrowsAsync<RoleNotAssumableException>(() => assumer.AssumeAsync(Spec, sts.GetCallerIdentityAsync, CancellationToken.None));

        Assert.True(error.Caller.IsRootUser);
        Assert.Equal(1, sts.AssumeRoleCalls);
        Assert.Empty(clock.Delays);
        Assert.Empty(said);
    }

    [Fact]
    public async Task AccessDeniedBeyondTheGrace_NamesTheRoleTheSourceAndTheLikelyCauses()
    {
        var sts = new FakeSts(Source).FailAssumeRole("AccessDenied", times: 100);
        var (assumer, clock, _) = Create(sts, TimeSpan.FromMinutes(2));

        var error = await Assert.ThrowsAsync<RoleNotAssumableException>(() => assumer.AssumeAsync(Spec, AskSource, CancellationToken.None));

        Assert.True(clock.Elapsed <= TimeSpan.FromMinutes(2));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(100));
        Assert.Contains(Role.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(Source.Arn, error.Message, StringComparison.Ordinal);
        Assert.Contains("trust policy", error.Message, StringComparison.Ordinal);
        Assert.Contains("sts:AssumeRole", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadSourceKey_IsNotRetried()
    {
        var sts = new FakeSts(Source).FailAssumeRole("InvalidClientTokenId", times: 1);
        var (assumer, clock, _) = Create(sts, TimeSpan.FromMinutes(2));

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => assumer.AssumeAsync(Spec, AskSource, CancellationToken.None));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
        Assert.Equal(1, sts.AssumeRoleCalls);
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task FirstCall_WithAnOldRole_FailsAtOnce_WithANewRole_Waits()
    {
        var (assumer, clock, _) = Create(new FakeSts(Source), TimeSpan.FromMinutes(2));
        var calls = 0;
        Task<int> DeniedTwice() => ++calls <= 2 ? throw new AmazonServiceException("denied") { ErrorCode = "UnauthorizedOperation" } : Task.FromResult(calls);

        await Assert.ThrowsAsync<AmazonServiceException>(() => assumer.RetryWhilePropagatingAsync(Role, roleIsNew: false, DeniedTwice, CancellationToken.None));
        calls = 0;
        var result = await assumer.RetryWhilePropagatingAsync(Role, roleIsNew: true, DeniedTwice, CancellationToken.None);

        Assert.Equal(3, result);
        Assert.Equal([1, 2], clock.Delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task SendsTheWholeSpec_ExternalIdAndMfa()
    {
        var sts = new FakeSts(Source);
        var (assumer, _, _) = Create(sts, TimeSpan.Zero);
        var spec = new AssumeRoleSpec(Role, "s", 7200, "ext-1", new MfaDevice("arn:aws:iam::111122223333:mfa/dev", _ => Task.FromResult<string?>("123456")));

        await assumer.AssumeAsync(spec, AskSource, CancellationToken.None);

        var (sent, code) = Assert.Single(sts.Requests);
        Assert.Equal(("ext-1", 7200, "arn:aws:iam::111122223333:mfa/dev"), (sent.ExternalId, sent.DurationSeconds, sent.Mfa?.SerialNumber));
        Assert.Equal("123456", code);
    }

    [Fact]
    public async Task AnMfaCode_IsNeverReplayed_ThePropagationRetryAsksForAFreshOne()
    {
        var sts = new FakeSts(Source).FailAssumeRole("AccessDenied", times: 2);
        var (assumer, _, _) = Create(sts, TimeSpan.FromMinutes(2));
        var codes = new Queue<string>(["111111", "222222", "333333"]);
        var spec = new AssumeRoleSpec(Role, "s", 3600, Mfa: new MfaDevice("arn:mfa", _ => Task.FromResult<string?>(codes.Dequeue())));

        await assumer.AssumeAsync(spec, AskSource, CancellationToken.None);

        Assert.Equal(["111111", "222222", "333333"], sts.Requests.Select(r => r.TokenCode));
    }

    [Fact]
    public async Task AnMfaCodeUsedOnce_WithNoFreshOne_StopsRetrying_WithWhatAwsSaid()
    {
        var sts = new FakeSts(Source).FailAssumeRole("AccessDenied", times: 5);
        var (assumer, clock, _) = Create(sts, TimeSpan.FromMinutes(2));
        string? given = "123456";
        var spec = new AssumeRoleSpec(Role, "s", 3600, Mfa: new MfaDevice("arn:mfa", _ => Task.FromResult<string?>(Interlocked.Exchange(ref given, null))));

        var error = await Assert.ThrowsAsync<RoleNotAssumableException>(() => assumer.AssumeAsync(spec, AskSource, CancellationToken.None));

        Assert.Equal(1, sts.AssumeRoleCalls);
        Assert.Equal("AccessDenied", error.Cause.ErrorCode);
        Assert.Equal(["123456"], sts.Requests.Select(r => r.TokenCode));
        Assert.Single(clock.Delays);
    }
}
