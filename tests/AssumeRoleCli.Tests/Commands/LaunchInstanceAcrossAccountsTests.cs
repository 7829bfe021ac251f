using System.Text.Json;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>launch-instance through the role the state records in each account (issue 20), with only the source identity, on a moto organization (<see cref="OrganizationScope"/>).</summary>
public sealed class LaunchInstanceAcrossAccountsTests : IClassFixture<MotoSandbox>
{
    private readonly MotoSandbox _sandbox;

    public LaunchInstanceAcrossAccountsTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    [Fact]
    public async Task ThreeAccountsFromTheState_OnePlanOneYes_AnInstanceInEach_RecordedAndInJson_AndARerunLaunchesNothing()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var run = organization.NewRunner();
        var created = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve");
        Assert.True(created.ExitCode == 0, created.ToString());

        var before = organization.Scope.Requests.Total;
        var callerIdentities = organization.Scope.Requests.Received("GetCallerIdentity");
        var imageSearches = organization.Scope.Requests.Received("DescribeImages");

        var outcome = await run.RunAsync(["launch-instance", "--output", "json"], "yes\n");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal(1, organization.Scope.Requests.Received("DescribeImages") - imageSearches); // one image search for every account: a public image is the same in each
        Assert.True(organization.Scope.Requests.Total - before <= 3 * 5, organization.Scope.Requests.ToString()); // one account alone: at most 5
        Assert.Equal(callerIdentities, organization.Scope.Requests.Received("GetCallerIdentity"));
        Assert.Single(outcome.Stderr.Split("Only 'yes' will be accepted").Skip(1));
        Assert.Contains("Plan: 3 to add, 0 to change, 0 to destroy.", outcome.Stderr, StringComparison.Ordinal);
        foreach (var account in organization.Members)
        {
            Assert.Contains($"# account[\"{account}\"].aws_instance.this[0] will be created", outcome.Stderr, StringComparison.Ordinal);
            Assert.Contains($"account[\"{account}\"].aws_instance.this[0]: Creation complete", outcome.Stderr, StringComparison.Ordinal);
        }

        using (var json = JsonDocument.Parse(outcome.Stdout))
        {
            var entries = json.RootElement.GetProperty("accounts").EnumerateArray().ToList();
            var members = organization.Members;
            Assert.Equal(members, entries.Select(e => e.GetProperty("account").GetString()));
            Assert.All(entries, e => Assert.Equal("launched", e.GetProperty("outcome").GetString()));
            var state = StateFile.Read(run.StatePath);
            foreach (var (entry, member) in entries.Zip(members))
            {
                var id = Assert.Single(entry.GetProperty("instance_ids").EnumerateArray()).GetString()!;
                var seen = await organization.MemberEc2(member).DescribeInstancesAsync([id], CancellationToken.None);
                Assert.Equal(id, Assert.Single(seen).InstanceId);
                Assert.Contains(state.Launches, l => l.InstanceIds.Contains(id) && l.RoleArn == $"arn:aws:iam::{member}:role/assume_role");
            }
        }

        var again = await run.RunAsync("launch-instance");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("No changes.", again.Stdout, StringComparison.Ordinal);
        Assert.All(organization.Members, a => Assert.Contains($"{a}  unchanged", again.Stdout, StringComparison.Ordinal));
    }

    /// <summary>No account planned (the state records no role in either): the plan makes no "no changes" claim, and the JSON plan names the accounts it left out.</summary>
    [Fact]
    public async Task EveryAccountFailingToPlan_IsNotCalledNoChanges_InTextOrJson()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());
        const string Accounts = "111111111111,222222222222";

        var text = await run.RunAsync("launch-instance", "--destination-accounts", Accounts, "--dry-run");

        Assert.True(text.ExitCode == 1, text.ToString());
        var plan = text.Stdout.ReplaceLineEndings("\n");
        Assert.DoesNotContain("No changes", plan, StringComparison.Ordinal);
        Assert.StartsWith("No account was planned: 2 failed to plan (see above).\n", plan, StringComparison.Ordinal);
        Assert.Contains("Target: no account yet", plan, StringComparison.Ordinal);
        Assert.Contains("account[\"111111111111\"]: failed to plan; left out of this plan.\naccount[\"222222222222\"]: failed to plan; left out of this plan.\n", plan, StringComparison.Ordinal);

        var json = await run.RunAsync("launch-instance", "--destination-accounts", Accounts, "--dry-run", "--output", "json");

        Assert.True(json.ExitCode == 1, json.ToString());
        Assert.Contains("No account was planned: 2 failed to plan (see above).", json.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("No changes", json.Stderr, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Empty(document.RootElement.GetProperty("target").GetProperty("accounts").EnumerateArray());
        Assert.Empty(document.RootElement.GetProperty("changes").EnumerateArray());
        var leftOut = document.RootElement.GetProperty("left_out").EnumerateArray().ToList();
        Assert.Equal(["111111111111", "222222222222"], leftOut.Select(e => e.GetProperty("account").GetString()));
        Assert.All(leftOut, e => Assert.Equal("failed", e.GetProperty("outcome").GetString()));
        Assert.All(leftOut, e => Assert.Contains("records no role in account", e.GetProperty("error").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task DestinationAccounts_NarrowsToThoseAccounts_AndAnAccountWithoutARecordedRoleFailsAlone()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 2);
        var run = organization.NewRunner();
        Assert.Equal(0, (await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve")).ExitCode);
        const string Unknown = "012345678901";

        var outcome = await run.RunAsync("launch-instance", "--destination-accounts", $"{organization.Members[1]},{Unknown}", "--auto-approve");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{organization.Members[1]}  launched", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{Unknown}  failed", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"State file {run.StatePath} records no role in account {Unknown}", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(organization.Members[0], outcome.Stdout, StringComparison.Ordinal);
        var launches = StateFile.Read(run.StatePath).Launches;
        Assert.Contains(launches, l => l.RoleArn.Contains(organization.Members[1], StringComparison.Ordinal));
        Assert.DoesNotContain(launches, l => l.RoleArn.Contains(organization.Members[0], StringComparison.Ordinal));

        // --role-arn still picks one role: the single-account launch and its result, as before.
        var one = await run.RunAsync("launch-instance", "--role-arn", $"arn:aws:iam::{organization.Members[0]}:role/assume_role", "--auto-approve");

        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Contains("# aws_instance.this[0] will be created", one.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("instance_id = \"i-", one.Stdout.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
    }
}
