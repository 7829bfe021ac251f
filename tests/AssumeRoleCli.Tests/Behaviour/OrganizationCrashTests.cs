using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Commands;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Behaviour;

/// <summary>
/// kill -9 of the real executable mid fan-out across a moto organization (issue 20): every member's step is sent, one
/// member's held in flight (AWS carries it out, the answer never reaches the process, which dies meanwhile); then the
/// same command again and a teardown: no duplicate role or instance, nothing left in any member, the state empty.
/// </summary>
public sealed class OrganizationCrashTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    private const int Members = 4;

    [Theory]
    [InlineData(false, "create-role", "CreateRole")]
    [InlineData(false, "create-role", "AttachRolePolicy")]
    [InlineData(true, "launch-instance", "RunInstances")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task KilledMidFanOut_TheSameCommandAgain_ThenTeardown_LeavesNoDuplicateAndNothingInAnyAccount(bool roleFirst, string killed, string heldAction)
    {
        using var org = await OrganizationScope.CreateAsync(sandbox, Members);
        using var idempotency = org.Scope.Add(new ClientTokenIdempotency());
        var run = org.NewRunner();
        if (roleFirst)
        {
            var created = await run.RunAsync("create-role", "--destination-accounts", "all", "--auto-approve");
            Assert.True(created.ExitCode == 0, created.ToString());
        }

        string[] command = [killed, .. killed == "create-role" ? new[] { "--destination-accounts", "all" } : [], "--auto-approve", "--state", run.StatePath];
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = org.World.CredentialsFile,
            ["AWS_CONFIG_FILE"] = org.World.ConfigFile,
            ["AWS_ENDPOINT_URL"] = org.Scope.EndpointUrl,
        };
        var heldIn = org.Members[1];
        var hold = org.Scope.Add(new InjectedFault(FaultKind.SlowAnswer, 1, heldAction)
        {
            Delay = TimeSpan.FromSeconds(60),
            When = call => call.Account == heldIn,
        });
        var carriedOutBefore = org.Scope.Requests.CarriedOut(heldAction);
        using (var cli = CliProcess.Start(org.World.Directory, environment, command))
        {
            // Every member's call has been carried out by AWS (not only sent: under load moto may still be at it), the held one's answer never comes back.
            await CliProcess.UntilAsync(
                () => hold.Remaining == 0 && org.Scope.Requests.CarriedOut(heldAction) - carriedOutBefore >= Members, TimeSpan.FromMinutes(1), $"{heldAction} in every account");
            await cli.SignalAsync("KILL");
            Assert.Equal(137, (await cli.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
        }

        org.Scope.Remove(hold);

        // What the killed run left: every member's call was carried out, the held member's answer was lost.
        foreach (var member in org.Members)
        {
            Assert.NotNull(await org.MemberIam(member).GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None));
            Assert.Equal(roleFirst ? 1 : 0, (await org.LiveInstancesAsync(member)).Count);
        }

        var rerun = await run.RunAsync(command);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var state = StateFile.Read(run.StatePath);
        Assert.Equal(org.Members.Select(m => $"arn:aws:iam::{m}:role/{RoleTarget.DefaultRoleName}"), state.Roles.Select(r => r.Arn).Order(StringComparer.Ordinal));
        foreach (var member in org.Members)
        {
            var attached = await org.MemberIam(member).ListAttachedPoliciesAsync(RoleTarget.DefaultRoleName, CancellationToken.None);
            Assert.Equal("arn:aws:iam::aws:policy/AmazonEC2FullAccess", Assert.Single(attached).Arn);
            // launch-instance: the rerun found what the killed run launched, one instance per account, not two.
            Assert.Equal(roleFirst ? 1 : 0, (await org.LiveInstancesAsync(member)).Count);
        }

        var teardown = await run.RunAsync("teardown", "--destination-accounts", "all", "--auto-approve");

        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        await OrganizationTutorialTests.AssertNothingLeftAsync(org, run);
        Assert.Empty(org.Scope.RuleFailures);
    }
}
