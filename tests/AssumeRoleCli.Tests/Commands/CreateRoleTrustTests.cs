using System.Text.Json;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// create-role's narrower trust and max session duration against moto. What moto checks of a trust policy is
/// limited, and each test says how: moto evaluates the trust policy on AssumeRole only when the role is in the
/// caller's own account (moto/iam/access_control.py looks the role up in the caller's account and skips the check
/// when it is not there), and then only the principal and StringEquals on sts:ExternalId, passing a request that
/// carries no external id at all and ignoring the Bool condition on aws:MultiFactorAuthPresent.
/// </summary>
public sealed class CreateRoleTrustTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    private const string Secret = "Partner-7f3a9c:shared-secret";
    private const string AssumeAnyRole = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:GetCallerIdentity"],"Resource":"*"}]}""";

    private static string RoleArnOf(TwoAccountWorld world) => $"arn:aws:iam::{world.DestinationAccountId}:role/assume_role";

    [Fact]
    public async Task MaxSessionDuration_IsCreatedShownDriftCorrected_AndALongerLaunchIsRefusedEarly()
    {
        var run = new CommandRunner(sandbox.LeaseWorld());
        var iam = run.DestinationIam();

        var created = await run.RunAsync("create-role", "--auto-approve", "--max-session-duration", "7200");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains(created.Stdout.Split('\n'), l => l.Contains("+ max_session_duration", StringComparison.Ordinal) && l.Contains("= \"7200\"", StringComparison.Ordinal));
        var role = await iam.GetRoleAsync("assume_role", CancellationToken.None);
        Assert.Equal(7200, role!.MaxSessionDurationSeconds);
        var description = role.Description;
        Assert.Contains(run.World.SourceAccountId, description, StringComparison.Ordinal);
        Assert.Equal(7200, Assert.Single(StateFile.Read(run.StatePath).Roles).MaxSessionDurationSeconds);

        // Drift by hand, description and all; moto's UpdateRole sets both fields, so create-role must send both.
        await iam.UpdateRoleAsync("assume_role", "changed by hand", 3600, CancellationToken.None);
        var again = await run.RunAsync("create-role", "--auto-approve", "--max-session-duration", "7200");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains(again.Stdout.Split('\n'), l => l.Contains("~ max_session_duration", StringComparison.Ordinal) && l.Contains("\"3600\" -> \"7200\"", StringComparison.Ordinal));
        Assert.Contains("Plan: 0 to add, 1 to change, 0 to destroy.", again.Stdout, StringComparison.Ordinal);
        role = await iam.GetRoleAsync("assume_role", CancellationToken.None);
        Assert.Equal((7200, description), (role!.MaxSessionDurationSeconds, role.Description));

        var tooLong = await run.RunAsync("launch-instance", "--auto-approve", "--duration", "10800");

        Assert.Equal(1, tooLong.ExitCode);
        Assert.Equal(
            $"Error: --duration 10800 is longer than {RoleArnOf(run.World)} allows: its max session duration is 7200 s (as the state file records). " +
            "Raise it with 'assumerole create-role --max-session-duration 10800', or pass a shorter --duration.",
            tooLong.Stderr.TrimEnd());
        Assert.Empty(StateFile.Read(run.StatePath).Launches);
    }

    [Fact]
    public async Task TrustedPrincipalExternalIdAndMfa_AreStoredAsPlanned_AndTheExternalIdIsNeverShownOrRecorded()
    {
        var run = new CommandRunner(sandbox.LeaseWorld());

        var created = await run.RunAsync("create-role", "--auto-approve", "--trusted-principal", run.World.SourceUserArn, "--external-id", Secret, "--require-mfa");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains(created.Stdout.Split('\n'), l => l.Contains("\"sts:ExternalId\"", StringComparison.Ordinal) && l.Contains("\"(sensitive value)\"", StringComparison.Ordinal));
        var stored = (await run.DestinationIam().GetRoleAsync("assume_role", CancellationToken.None))!.TrustPolicy;
        Assert.True(
            TrustPolicy.AreEquivalent(TrustPolicy.For(new TrustSpec([run.World.SourceUserArn], Secret, RequireMfa: true)), stored),
            "moto stored: " + TrustPolicy.Redacted(stored));
        using (var trust = JsonDocument.Parse(stored))
        {
            var statement = trust.RootElement.GetProperty("Statement")[0];
            Assert.Equal(run.World.SourceUserArn, statement.GetProperty("Principal").GetProperty("AWS").GetString());
            Assert.Equal("true", statement.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:MultiFactorAuthPresent").GetString());
        }

        var record = Assert.Single(StateFile.Read(run.StatePath).Roles);
        Assert.Equal((true, true), (record.ExternalIdRequired, record.MfaRequired));

        var withoutId = await run.RunAsync("launch-instance", "--auto-approve");
        Assert.Equal(2, withoutId.ExitCode);
        Assert.Contains("pass --external-id", withoutId.Stderr, StringComparison.Ordinal);

        // The recorded --require-mfa is checked up front too: long-term keys without an MFA device are refused at once.
        var withoutMfa = await run.RunAsync("launch-instance", "--auto-approve", "--external-id", Secret);
        Assert.Equal(2, withoutMfa.ExitCode);
        Assert.Contains("pass --mfa-serial", withoutMfa.Stderr, StringComparison.Ordinal);

        // moto does not evaluate this cross-account trust (see the class comment): this launch shows the external id
        // travels with an MFA device without ever being printed, not that AWS would accept this code.
        var launched = await run.RunAsync(
            "launch-instance", "--auto-approve", "--external-id", Secret,
            "--mfa-serial", $"arn:aws:iam::{run.World.SourceAccountId}:mfa/alice", "--mfa-code", "123456");
        Assert.True(launched.ExitCode == 0, launched.ToString().Replace(Secret, "<secret>", StringComparison.Ordinal));

        foreach (var outcome in new[] { created, withoutId, withoutMfa, launched })
        {
            Assert.DoesNotContain(Secret, outcome.Stdout + outcome.Stderr, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Secret, File.ReadAllText(run.StatePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithinOneAccount_MotoEnforcesTheTrustedPrincipalAndTheExternalId()
    {
        var world = sandbox.LeaseWorld();
        var trusted = await TestIdentities.CreateUserAsync(world, "trusted-dev", ("assume", AssumeAnyRole));
        var other = await TestIdentities.CreateUserAsync(world, "other-dev", ("assume", AssumeAnyRole));
        var admin = TestIdentities.DestinationAdmin(world);
        var asTrusted = new CommandRunner(world, TestIdentities.WriteCredentialsFile(world, ("source", trusted), ("destination", admin)), TimeSpan.Zero);
        var asOther = new CommandRunner(world, TestIdentities.WriteCredentialsFile(world, ("source", other), ("destination", admin)), TimeSpan.Zero);

        var created = await asTrusted.RunAsync("create-role", "--auto-approve", "--trusted-principal", trusted.Arn, "--external-id", Secret);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("are both in account", created.Stderr, StringComparison.Ordinal);
        File.Copy(asTrusted.StatePath, asOther.StatePath);

        var wrongId = await asTrusted.RunAsync("launch-instance", "--auto-approve", "--external-id", "not-the-shared-secret");
        var otherUser = await asOther.RunAsync("launch-instance", "--auto-approve", "--external-id", Secret);
        var rightUserAndId = await asTrusted.RunAsync("launch-instance", "--auto-approve", "--external-id", Secret);

        Assert.Equal(1, wrongId.ExitCode);
        Assert.Contains($"Could not assume {RoleArnOf(world)} as {trusted.Arn}", wrongId.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, otherUser.ExitCode);
        Assert.Contains($"Could not assume {RoleArnOf(world)} as {other.Arn}", otherUser.Stderr, StringComparison.Ordinal);
        Assert.True(rightUserAndId.ExitCode == 0, rightUserAndId.ToString().Replace(Secret, "<secret>", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, wrongId.Stderr + otherUser.Stderr + rightUserAndId.Stdout + rightUserAndId.Stderr, StringComparison.Ordinal);
    }
}
