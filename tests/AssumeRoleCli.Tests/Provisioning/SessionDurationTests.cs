using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

/// <summary>
/// --duration above the role's max session duration: STS's ValidationError becomes one line naming
/// --max-session-duration, and with the role's maximum in the state file launch-instance says so before asking STS.
/// </summary>
public class SessionDurationTests
{
    private const string RaiseIt = "Raise it with 'assumerole create-role --max-session-duration 7200'";
    private static readonly RoleArn Role = RoleArn.For("aws", "444455556666", "assume_role");
    private static readonly CallerIdentity Source = new("111122223333", "arn:aws:iam::111122223333:user/dev", "AIDA");

    /// <summary>Who the source is, when RoleAssumer asks (it asks only after a refusal).</summary>
    private static Task<CallerIdentity> AskSource(CancellationToken ct) => Task.FromResult(Source);

    private static AmazonServiceException StsSays(string message) =>
        new(message) { ErrorCode = "ValidationError", StatusCode = System.Net.HttpStatusCode.BadRequest };

    private static Task<AssumedRole> AssumeAsync(FakeSts sts, int duration) =>
        new RoleAssumer(sts, new AutoAdvancingTime(), TimeSpan.FromMinutes(2), new RecordingProgress())
            .AssumeAsync(new AssumeRoleSpec(Role, "s", duration), AskSource, CancellationToken.None);

    private static StateDocument StateWith(RoleRecord record) => StateDocument.Empty.WithRole(record);

    private static RoleRecord Recorded(int? maxSession = 3600, bool externalIdRequired = false) =>
        new(Role.ToString(), Role.RoleName, Role.AccountId, Source.Account, [], null, maxSession, externalIdRequired);

    [Fact]
    public async Task StsRefusingTheDuration_IsOneLineNamingMaxSessionDuration_NotRetried()
    {
        var sts = new FakeSts(Source) { AssumeError = StsSays("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.") };

        var error = await Assert.ThrowsAsync<SessionDurationRefusedException>(() => AssumeAsync(sts, 7200));

        Assert.Equal(1, sts.AssumeRoleCalls);
        Assert.Contains(RaiseIt, error.Message, StringComparison.Ordinal);
        Assert.Contains(Role.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("ValidationError", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task RoleChainingsOneHourLimit_SaysSoInstead()
    {
        var sts = new FakeSts(Source) { AssumeError = StsSays("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.") };

        var error = await Assert.ThrowsAsync<SessionDurationRefusedException>(() => AssumeAsync(sts, 7200));

        Assert.Contains("role chaining", error.Message, StringComparison.Ordinal);
        Assert.Contains("--duration 3600 or less", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--max-session-duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherValidationErrors_AreNotTakenForADurationRefusal()
    {
        var sts = new FakeSts(Source) { AssumeError = StsSays("1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint") };

        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => AssumeAsync(sts, 7200));

        Assert.IsNotType<SessionDurationRefusedException>(error);
    }

    [Fact]
    public void Preflight_RefusesADurationOverTheRecordedMaximum_WithTheSameAdvice()
    {
        var error = Assert.Throws<SessionDurationRefusedException>(
            () => AssumeRolePreflight.Check(StateWith(Recorded(maxSession: 3600)), new AssumeRoleSpec(Role, "s", 7200)));

        Assert.Contains(RaiseIt, error.Message, StringComparison.Ordinal);
        Assert.Contains("its max session duration is 3600 s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7200, 7200)]
    [InlineData(null, 43200)]
    public void Preflight_LetsThroughWhatTheRoleAllowsOrWhatItDoesNotKnow(int? recordedMax, int duration)
    {
        AssumeRolePreflight.Check(StateWith(Recorded(maxSession: recordedMax)), new AssumeRoleSpec(Role, "s", duration));
        AssumeRolePreflight.Check(StateDocument.Empty, new AssumeRoleSpec(Role, "s", 43200));
    }

    [Fact]
    public void Preflight_AsksForTheExternalIdTheRoleRequires_AndPassesWithOne()
    {
        var state = StateWith(Recorded(externalIdRequired: true));

        var error = Assert.Throws<CliException>(() => AssumeRolePreflight.Check(state, new AssumeRoleSpec(Role, "s", 3600)));
        AssumeRolePreflight.Check(state, new AssumeRoleSpec(Role, "s", 3600, ExternalId: "the-shared-secret"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains("--external-id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAssumeRoleSpecsText_NeverShowsTheExternalId()
    {
        var spec = new AssumeRoleSpec(Role, "s", 3600, ExternalId: "the-shared-secret");

        Assert.DoesNotContain("the-shared-secret", spec.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("the-shared-secret", new AssumeRoleSettings("s", 3600, "the-shared-secret").ToString(), StringComparison.Ordinal);
    }
}
