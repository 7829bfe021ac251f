using System.Text.Json;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;
using RoleTrust = AssumeRoleCli.Provisioning.TrustPolicy;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// Issue 20's "Done when" on a real moto organization (<see cref="MotoOrganization"/>): the tutorial across every
/// member with <c>--destination-accounts all</c>, a member that refuses and its resume, throttling in some accounts,
/// and --ttl with teardown --expired across accounts. What is left is checked in each member with its own admin.
/// </summary>
public sealed class OrganizationTutorialTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    private const int Members = 5;

    [Fact]
    public async Task TheTutorialAcrossAnOrganization_WithAll_CreatesLaunchesShowsAndLeavesNothing()
    {
        using var org = await OrganizationScope.CreateAsync(sandbox, Members);
        var run = org.NewRunner();

        var created = await run.RunAsync("create-role", "--destination-accounts", "all", "--auto-approve", "--output", "json");

        Assert.True(created.ExitCode == 0, created.ToString());
        using (var json = JsonDocument.Parse(created.Stdout))
        {
            var entries = json.RootElement.GetProperty("accounts").EnumerateArray().ToList();
            Assert.Equal(org.Members, entries.Select(e => e.GetProperty("account").GetString()));
            Assert.All(entries, e => Assert.Equal("created", e.GetProperty("outcome").GetString()));
            Assert.All(entries, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("error").ValueKind));
            Assert.Equal(org.Members.Select(RoleArnIn), entries.Select(e => e.GetProperty("role_arn").GetString()));
        }

        foreach (var member in org.Members)
        {
            var role = await org.MemberIam(member).GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None);
            Assert.NotNull(role);
            Assert.True(RoleTrust.AreEquivalent(RoleTrust.ForAccount("aws", run.World.SourceAccountId), role.TrustPolicy), role.TrustPolicy);
        }

        // Neither the management account nor the source's own account was touched.
        Assert.Null(await run.DestinationIam().GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None));
        Assert.DoesNotContain(StateFile.Read(run.StatePath).Roles, r => r.Arn.Contains(run.World.SourceAccountId, StringComparison.Ordinal) || r.Arn.Contains(org.Organization.ManagementAccountId, StringComparison.Ordinal));
        Assert.Equal(org.Members.Select(RoleArnIn), StateFile.Read(run.StatePath).Roles.Select(r => r.Arn).Order(StringComparer.Ordinal));

        var launched = await run.RunAsync("launch-instance", "--auto-approve", "--output", "json");

        Assert.True(launched.ExitCode == 0, launched.ToString());
        var instances = new Dictionary<string, string>();
        using (var json = JsonDocument.Parse(launched.Stdout))
        {
            var entries = json.RootElement.GetProperty("accounts").EnumerateArray().ToList();
            Assert.Equal(org.Members, entries.Select(e => e.GetProperty("account").GetString()));
            foreach (var entry in entries)
            {
                Assert.Equal("launched", entry.GetProperty("outcome").GetString());
                instances[entry.GetProperty("account").GetString()!] = Assert.Single(entry.GetProperty("instance_ids").EnumerateArray()).GetString()!;
            }
        }

        foreach (var member in org.Members)
        {
            Assert.Equal(instances[member], Assert.Single(await org.LiveInstancesAsync(member)).InstanceId);
        }

        var table = await run.RunAsync("status"); // untold: the state says each role was made through OrganizationAccountAccessRole

        Assert.True(table.ExitCode == 0, table.ToString());
        foreach (var member in org.Members)
        {
            Assert.Matches($@"(?m)^{member}\s+yes\s+1\s+1 of 1", table.Stdout);
            Assert.Contains(instances[member], table.Stdout, StringComparison.Ordinal);
        }

        var status = await run.RunAsync("status", "--destination-accounts", "all", "--output", "json");

        Assert.True(status.ExitCode == 0, status.ToString());
        using (var json = JsonDocument.Parse(status.Stdout))
        {
            var entries = json.RootElement.GetProperty("accounts").EnumerateArray().ToList();
            Assert.Equal(org.Members, entries.Select(e => e.GetProperty("account").GetString()));
            foreach (var entry in entries)
            {
                var account = entry.GetProperty("account").GetString()!;
                Assert.Equal(RoleArnIn(account), Assert.Single(entry.GetProperty("roles").EnumerateArray()).GetProperty("role_arn").GetString());
                Assert.Equal(instances[account], Assert.Single(entry.GetProperty("instances").EnumerateArray()).GetProperty("id").GetString());
            }
        }

        var teardown = await run.RunAsync("teardown", "--auto-approve"); // untold, as the tutorial's teardown

        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        Assert.Contains($"Plan: 0 to add, 0 to change, {2 * Members} to destroy.", teardown.Stdout, StringComparison.Ordinal);
        await AssertNothingLeftAsync(org, run);
        Assert.Empty(org.Scope.RuleFailures);
    }

    [Fact]
    public async Task All_IsEveryMember_ButTheManagementAccountAndTheSourcesOwnAccount()
    {
        using var org = await OrganizationScope.CreateAsync(sandbox, members: 3);
        var sourceAccount = org.Members[1];
        var run = await org.RunnerWithSourceInAsync(sandbox, sourceAccount);

        var outcome = await run.RunAsync("create-role", "--destination-accounts", "all", "--dry-run", "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var json = JsonDocument.Parse(outcome.Stdout);
        var others = org.Members.Where(m => m != sourceAccount).ToList();
        Assert.Equal(others, json.RootElement.GetProperty("target").GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(
            others.Select(a => $"account[\"{a}\"].aws_iam_role.assume_role"),
            json.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("address").GetString()));
        Assert.DoesNotContain(org.Organization.ManagementAccountId, outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMemberThatRefuses_FailsAloneWithAOneLineReason_AndAfterTheFixARerunFinishesOnlyIt()
    {
        using var org = await OrganizationScope.CreateAsync(sandbox, Members);
        var run = org.NewRunner();
        var refused = org.Members[2];
        await org.RemoveAccessRoleAsync(refused);

        var outcome = await run.RunAsync("create-role", "--destination-accounts", "all", "--auto-approve", "--output", "json");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        using (var json = JsonDocument.Parse(outcome.Stdout))
        {
            var entries = json.RootElement.GetProperty("accounts").EnumerateArray().ToList();
            Assert.Equal(org.Members, entries.Select(e => e.GetProperty("account").GetString()));
            Assert.Equal(org.Members.Select(m => m == refused ? "failed" : "created"), entries.Select(e => e.GetProperty("outcome").GetString()));
            var reason = entries[2].GetProperty("error").GetString()!;
            Assert.DoesNotContain('\n', reason);
            Assert.Contains(MotoOrganization.MemberRoleName, reason, StringComparison.Ordinal);
            Assert.Contains("AccessDenied", reason, StringComparison.Ordinal);
        }

        Assert.Null(await org.MemberIam(refused).GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None));
        Assert.Equal(Members - 1, StateFile.Read(run.StatePath).Roles.Count);

        await org.RestoreAccessRoleAsync(refused);
        var rerun = await run.RunAsync("create-role", "--destination-accounts", "all", "--auto-approve");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains($"# account[\"{refused}\"].aws_iam_role.assume_role will be created", rerun.Stdout, StringComparison.Ordinal);
        foreach (var member in org.Members)
        {
            Assert.Contains(member == refused ? $"{member}  created" : $"{member}  unchanged", rerun.Stdout, StringComparison.Ordinal);
            Assert.NotNull(await org.MemberIam(member).GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None));
        }

        Assert.Equal(Members, StateFile.Read(run.StatePath).Roles.Count);
        Assert.Equal(0, (await run.RunAsync("teardown", "--destination-accounts", "all", "--auto-approve")).ExitCode);
        await AssertNothingLeftAsync(org, run);
    }

    [Fact]
    public async Task ThrottlingInTwoAccounts_IsBackedOff_AndEveryAccountIsCreated()
    {
        using var org = await OrganizationScope.CreateAsync(sandbox, Members);
        var throttled = new[] { org.Members[0], org.Members[3] };
        var faults = throttled.Select(account => org.Scope.Add(
            new InjectedFault(FaultKind.Throttling, 3, "CreateRole", "AttachRolePolicy") { When = call => call.Account == account })).ToList();
        var run = org.NewRunner();

        var outcome = await run.RunAsync("create-role", "--destination-accounts", "all", "--auto-approve", "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.All(faults, f => Assert.Equal(0, f.Remaining));
        Assert.True(org.Scope.Requests.Received("CreateRole") + org.Scope.Requests.Received("AttachRolePolicy") >= (2 * Members) + 6, org.Scope.Requests.ToString());
        using (var json = JsonDocument.Parse(outcome.Stdout))
        {
            Assert.All(json.RootElement.GetProperty("accounts").EnumerateArray(), e => Assert.Equal("created", e.GetProperty("outcome").GetString()));
        }

        foreach (var member in org.Members)
        {
            var attached = await org.MemberIam(member).ListAttachedPoliciesAsync(RoleTarget.DefaultRoleName, CancellationToken.None);
            Assert.Equal("arn:aws:iam::aws:policy/AmazonEC2FullAccess", Assert.Single(attached).Arn);
        }

        Assert.Empty(org.Scope.RuleFailures);
    }

    [Fact]
    public async Task TtlAcrossAccounts_TagsEveryMembersRole_AndTeardownExpiredPastItDestroysThem()
    {
        // "Now" starts ten days back (see ExpiryCommandTests: moto's sessions expire an hour after the real now).
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (10 * 24 * 3600));
        var clock = new MovableClock(start);
        using var org = await OrganizationScope.CreateAsync(sandbox, Members);
        var run = org.NewRunner(clock);

        var created = await run.RunAsync("create-role", "--destination-accounts", "all", "--ttl", "1h", "--auto-approve");

        Assert.True(created.ExitCode == 0, created.ToString());
        var expiresAt = new Expiry(start + TimeSpan.FromHours(1)).Tag;
        foreach (var member in org.Members)
        {
            var role = await org.MemberIam(member).GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None);
            Assert.Equal(expiresAt, role!.Tags[ManagedTags.ExpiresAtKey]);
        }

        var early = await run.RunAsync("teardown", "--destination-accounts", "all", "--expired", "--auto-approve");

        Assert.True(early.ExitCode == 0, early.ToString());
        foreach (var member in org.Members)
        {
            Assert.NotNull(await org.MemberIam(member).GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None));
        }

        clock.Advance(TimeSpan.FromHours(2));
        var expired = await run.RunAsync("teardown", "--destination-accounts", "all", "--expired", "--auto-approve");

        Assert.True(expired.ExitCode == 0, expired.ToString());
        Assert.Contains($"Plan: 0 to add, 0 to change, {Members} to destroy.", expired.Stdout, StringComparison.Ordinal);
        await AssertNothingLeftAsync(org, run);
    }

    /// <summary>No role of ours and no live instance in any member (each seen with its own admin), and an empty state.</summary>
    internal static async Task AssertNothingLeftAsync(OrganizationScope org, CommandRunner run)
    {
        foreach (var member in org.Members)
        {
            Assert.Null(await org.MemberIam(member).GetRoleAsync(RoleTarget.DefaultRoleName, CancellationToken.None));
            Assert.Empty(await org.LiveInstancesAsync(member));
        }

        var state = StateFile.Read(run.StatePath);
        Assert.Empty(state.Roles);
        Assert.Empty(state.Launches);
    }

    private static string RoleArnIn(string account) => $"arn:aws:iam::{account}:role/{RoleTarget.DefaultRoleName}";
}
