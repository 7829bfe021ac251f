using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>The one way to a role from the source: patient only for a role the state says is new; the state's checks first.</summary>
public sealed class RoleFromSourceTests : IDisposable
{
    private static readonly RoleArn Role = RoleArn.For("aws", "444455556666", "assume_role");
    private static readonly CallerIdentity Source = new("111122223333", "arn:aws:iam::111122223333:user/dev", "AIDA");
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("assumerole-reach-").FullName;
    private readonly FakeClientFactory _clients = new();
    private readonly AutoAdvancingTime _clock = new();
    private readonly FakeSts _sts = new(Source);

    public RoleFromSourceTests()
    {
        _clients.StsByProfile["source"] = _sts;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<ReachedRole> AssumeAsync(StateDocument state, MfaDevice? mfa = null)
    {
        var credentials = Path.Combine(_directory, "credentials");
        File.WriteAllText(credentials, "[source]\naws_access_key_id = AKIASOURCE0000000000\naws_secret_access_key = secret\n");
        File.WriteAllText(Path.Combine(_directory, "config"), "");
        var profiles = new ProfileResolver(AwsEnvironment.ForDirectory(credentials, region: "us-east-1"), _clients);
        var reach = new RoleFromSource(_clients, _clock, Grace, new RecordingProgress(_clock));
        return reach.AssumeAsync(profiles, "source", null, _ => AssumeRoleSettings.Default with { Mfa = mfa }, Role, state, Now, _ => Task.CompletedTask, CancellationToken.None);
    }

    private static StateDocument Recorded(TimeSpan age, bool mfaRequired = false) => StateDocument.Empty.WithRole(
        new RoleRecord(Role.ToString(), Role.RoleName, Role.AccountId, Source.Account, [], ChangedAt: Now - age, MfaRequired: mfaRequired));

    [Fact]
    public async Task ARoleMadeLongAgo_ThatAwsRefuses_FailsAtOnce_WithoutWaitingOrRetrying()
    {
        _sts.FailAssumeRole("AccessDenied", times: 100);

        var refused = await Assert.ThrowsAsync<RoleNotAssumableException>(() => AssumeAsync(Recorded(TimeSpan.FromDays(30))));

        Assert.Equal(1, _sts.AssumeRoleCalls);
        Assert.Empty(_clock.Delays);
        Assert.Equal(Source, refused.Caller);
    }

    [Fact]
    public async Task ARoleTheStateDoesNotRecord_IsNotWaitedOutEither()
    {
        _sts.FailAssumeRole("AccessDenied", times: 100);

        await Assert.ThrowsAsync<RoleNotAssumableException>(() => AssumeAsync(StateDocument.Empty));

        Assert.Equal(1, _sts.AssumeRoleCalls);
        Assert.Empty(_clock.Delays);
    }

    [Fact]
    public async Task ANewRoleRefusedBriefly_IsWaitedOut_AndItsFirstCallsAreRetriedToo()
    {
        _sts.FailAssumeRole("AccessDenied", times: 2);

        var reached = await AssumeAsync(Recorded(TimeSpan.FromSeconds(30)));

        Assert.Equal(3, _sts.AssumeRoleCalls);
        Assert.Equal([1, 2], _clock.Delays.Select(d => d.TotalSeconds));
        Assert.True(reached.RoleIsNew);
        var attempts = 0;
        var answer = await reached.RetryWhilePropagatingAsync(
            () => ++attempts < 2 ? throw new AmazonServiceException("not yet") { ErrorCode = "UnauthorizedOperation" } : Task.FromResult("described"),
            CancellationToken.None);
        Assert.Equal(("described", 2), (answer, attempts));
    }

    [Fact]
    public async Task ARoleRecordedAsRequiringMfa_WithLongTermKeysAndNoDevice_IsRefusedBeforeAnyAssumeRole()
    {
        var refused = await Assert.ThrowsAsync<CliException>(() => AssumeAsync(Recorded(TimeSpan.FromDays(1), mfaRequired: true)));

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("--require-mfa", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--mfa-serial", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, _sts.AssumeRoleCalls);
    }

    [Fact]
    public async Task ARoleRequiringMfa_IsAssumed_WithAnMfaDevice()
    {
        var device = new MfaDevice("arn:aws:iam::111122223333:mfa/dev", _ => Task.FromResult<string?>("123456"));

        await AssumeAsync(Recorded(TimeSpan.FromDays(1), mfaRequired: true), device);

        Assert.Equal("123456", Assert.Single(_sts.Requests).TokenCode);
    }
}
