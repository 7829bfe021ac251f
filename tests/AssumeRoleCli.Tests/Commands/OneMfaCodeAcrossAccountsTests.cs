using System.Text.Json;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// One MFA code for many accounts (issue 20 item 7), through the commands: five member accounts whose roles trust the
/// source only with MFA (create-role --require-mfa; the AWS-behaviour proxy judges aws:MultiFactorAuthPresent), and
/// launch-instance and teardown across them given ONE code (--mfa-code, which STS takes once): each buys one
/// GetSessionToken session and assumes every account's role with it.
/// </summary>
public sealed class OneMfaCodeAcrossAccountsTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    [Fact]
    public async Task FiveAccountsWhoseRolesRequireMfa_LaunchAndTeardown_EachUseOneCode_ForOneSession()
    {
        using var organization = await OrganizationScope.CreateAsync(sandbox, members: 5);
        // A source of long-term keys that may ask for an MFA session (the shared source user may not), in the management account.
        var user = await TestIdentities.CreateUserAsync(organization.World, $"mfa-{Guid.NewGuid():N}"[..20], ("mfa", """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:GetSessionToken","sts:GetCallerIdentity"],"Resource":"*"}]}
            """));
        sandbox.Proxy.Callers.Register(user.AccessKeyId, user.Arn);
        var run = new CommandRunner(
            organization.World,
            TestIdentities.WriteCredentialsFile(organization.World, ("source", user), ("destination", TestIdentities.DestinationAdmin(organization.World))));
        var created = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--require-mfa", "--auto-approve");
        Assert.True(created.ExitCode == 0, created.ToString());
        string[] oneCode = ["--mfa-serial", $"arn:aws:iam::{organization.World.DestinationAccountId}:mfa/alice", "--mfa-code", "123456", "--no-cache"];
        var requests = organization.Scope.Requests;

        // Without MFA every role refuses the source: the trust condition is really judged.
        var refused = await run.RunAsync("launch-instance", "--destination-accounts", organization.Members[0], "--auto-approve");
        Assert.NotEqual(0, refused.ExitCode);

        var launched = await run.RunAsync(["launch-instance", "--auto-approve", "--output", "json", .. oneCode]);

        Assert.True(launched.ExitCode == 0, launched.ToString());
        Assert.Equal(1, requests.Received("GetSessionToken"));
        using (var json = JsonDocument.Parse(launched.Stdout))
        {
            Assert.Equal(5, json.RootElement.GetProperty("accounts").EnumerateArray().Count(e => e.GetProperty("outcome").GetString() == "launched"));
        }

        var tornDown = await run.RunAsync(["teardown", "--destination-accounts", organization.AccountList, "--auto-approve", .. oneCode]);

        Assert.True(tornDown.ExitCode == 0, tornDown.ToString());
        Assert.Equal(2, requests.Received("GetSessionToken"));
        Assert.DoesNotContain("Could not assume", tornDown.Stderr + tornDown.Stdout, StringComparison.Ordinal);
        Assert.Contains("Plan: 0 to add, 0 to change, 10 to destroy.", tornDown.Stdout, StringComparison.Ordinal);
        Assert.All(organization.Members, a => Assert.Matches($@"(?m)^{a}\s+destroyed\s", tornDown.Stdout));
        Assert.Empty(organization.Scope.RuleFailures);
    }
}
