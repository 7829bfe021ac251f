using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// Every command that assumes the role, with a role the state recorded long ago that AWS refuses: no 2-minute wait (a
/// credential_process would hang the AWS CLI), one AssumeRole, the cause in one line. Time is fake and never moves,
/// so a wait would never end: the guard below turns one into a failure instead of a hang.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RoleCredentialsTests : IDisposable
{
    private static readonly RoleArn Role = RoleArn.For("aws", "444455556666", "assume_role");
    private static readonly CallerIdentity Source = new("111122223333", "arn:aws:iam::111122223333:user/dev", "AIDA");

    private readonly string _directory = Directory.CreateTempSubdirectory("assumerole-refused-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("credentials")]
    [InlineData("exec")]
    [InlineData("launch-instance")]
    public async Task AnOldRoleThatAwsRefuses_FailsAtOnce_WithTheCause(string command)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var statePath = Path.Combine(_directory, "state.json");
        using (var state = StateFile.Open(statePath))
        {
            state.Update(s => s.WithRole(new RoleRecord(Role.ToString(), Role.RoleName, Role.AccountId, Source.Account, [], ChangedAt: time.GetUtcNow() - TimeSpan.FromDays(30))));
        }

        var credentials = Path.Combine(_directory, "credentials");
        File.WriteAllText(credentials, "[source]\naws_access_key_id = AKIASOURCE0000000000\naws_secret_access_key = secret\n");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(_directory, "config"), "");
        var clients = new FakeClientFactory();
        var sts = new FakeSts(Source).FailAssumeRole("AccessDenied", times: 100);
        clients.StsByProfile["source"] = sts;
        var stderr = new StringWriter();
        var services = new CliServices(
            new Terminal(new StringWriter(), stderr, new StringReader(""), false),
            AwsEnvironment.ForDirectory(credentials, region: "us-east-1"),
            clients,
            time,
            CliServices.DefaultRolePropagationGrace);
        string[] args = command switch
        {
            "exec" => ["exec", "--state", statePath, "--", "true"],
            "launch-instance" => ["launch-instance", "--state", statePath, "--auto-approve"],
            _ => [command, "--state", statePath],
        };

        // Wall time only as a guard against a wait that fake time would never end; nothing asserts on it.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var exit = await CliApp.RunAsync(args, services, guard.Token);

        Assert.True(exit == ExitCodes.Failure, $"exit {exit}: {stderr}");
        Assert.Equal(1, sts.AssumeRoleCalls);
        Assert.Contains("AccessDenied", stderr.ToString(), StringComparison.Ordinal);
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
    }
}
