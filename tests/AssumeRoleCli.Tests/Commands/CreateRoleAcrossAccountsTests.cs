using System.Text.Json;
using AssumeRoleCli.State;
using RoleTrust = AssumeRoleCli.Provisioning.TrustPolicy;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>create-role --destination-accounts (issue 20): one plan and one approval for many member accounts of a moto organization (<see cref="OrganizationScope"/>).</summary>
public sealed class CreateRoleAcrossAccountsTests : IClassFixture<MotoSandbox>
{
    private readonly MotoSandbox _sandbox;

    public CreateRoleAcrossAccountsTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    [Fact]
    public async Task ThreeAccounts_OnePlanOneYes_EachRoleMadeAndRecorded_AndARerunChangesNothing()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var run = organization.NewRunner();

        var outcome = await run.RunAsync(["create-role", "--destination-accounts", organization.AccountList], "yes\n");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Single(outcome.Stderr.Split("Only 'yes' will be accepted").Skip(1));
        Assert.Contains($"Target: accounts {string.Join(", ", organization.Members)} (profile 'destination'), region us-east-1.", outcome.Stdout, StringComparison.Ordinal);
        foreach (var account in organization.Members)
        {
            Assert.Contains($"# account[\"{account}\"].aws_iam_role.assume_role will be created", outcome.Stdout, StringComparison.Ordinal);
            Assert.Contains($"account[\"{account}\"]: 1 to add, 0 to change, 0 to destroy.", outcome.Stdout, StringComparison.Ordinal);
            Assert.Contains($"account[\"{account}\"].aws_iam_role.assume_role: Creation complete", outcome.Stderr, StringComparison.Ordinal);
            Assert.Contains($"{account}  created  arn:aws:iam::{account}:role/assume_role", outcome.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("Plan: 3 to add, 0 to change, 0 to destroy.", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Apply complete! Resources: 3 added, 0 changed, 0 destroyed.", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Accounts: 3 of 3 done, 0 pending.", outcome.Stderr, StringComparison.Ordinal);
        foreach (var member in organization.Members)
        {
            var role = await organization.MemberIam(member).GetRoleAsync("assume_role", CancellationToken.None);
            Assert.NotNull(role);
            Assert.True(RoleTrust.AreEquivalent(RoleTrust.ForAccount("aws", run.World.SourceAccountId), role.TrustPolicy), role.TrustPolicy);
        }

        Assert.Equal(
            organization.Members.Select(a => $"arn:aws:iam::{a}:role/assume_role").Order(),
            StateFile.Read(run.StatePath).Roles.Select(r => r.Arn).Order());
        Assert.All(StateFile.Read(run.StatePath).Roles, r => Assert.Equal("OrganizationAccountAccessRole", r.DestinationRole)); // status and teardown reach them so

        var again = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("No changes.", again.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Only 'yes'", again.Stderr, StringComparison.Ordinal);
        Assert.All(organization.Members, a => Assert.Contains($"{a}  unchanged", again.Stdout, StringComparison.Ordinal));
        Assert.Contains($"account[\"{organization.Members[^1]}\"]: no changes.\n\nACCOUNT ", again.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal); // a blank line between the blocks
    }

    [Fact]
    public async Task Requests_AreTheSingleAccountBudgetPerAccount_TheSourceAskedOnce()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var run = organization.NewRunner();

        var outcome = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var requests = organization.Scope.Requests;

        // One account alone: at most 5 (GetCallerIdentity twice, GetRole, CreateRole, AttachRolePolicy; see RoundTripBudgetTests).
        Assert.True(requests.Total <= 3 * 5, requests.ToString());
        Assert.Equal((2, 3, 3, 3), (requests.Received("GetCallerIdentity"), requests.Received("AssumeRole"), requests.Received("CreateRole"), requests.Received("AttachRolePolicy")));
    }

    [Fact]
    public async Task AnAccountThatRefuses_FailsAlone_WithItsReason_AndARerunAfterTheFixFinishesOnlyIt()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        await organization.RemoveAccessRoleAsync(organization.Members[0]);
        var run = organization.NewRunner();
        var refused = organization.Members[0];

        var outcome = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve", "--output", "json");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains($"Error: account {refused}: ", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains($"account[\"{refused}\"]: failed to plan; left out of this plan.", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("Plan: 2 to add, 0 to change, 0 to destroy.", outcome.Stderr, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(outcome.Stdout))
        {
            var entries = json.RootElement.GetProperty("accounts").EnumerateArray().ToList();
            Assert.Equal(organization.Members, entries.Select(e => e.GetProperty("account").GetString()));
            Assert.Equal(["failed", "created", "created"], entries.Select(e => e.GetProperty("outcome").GetString()));
            Assert.Contains("AccessDenied", entries[0].GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Contains("OrganizationAccountAccessRole", entries[0].GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, entries[1].GetProperty("error").ValueKind);
            Assert.Equal($"arn:aws:iam::{organization.Members[1]}:role/assume_role", entries[1].GetProperty("role_arn").GetString());
            Assert.True(json.RootElement.GetProperty("changed").GetBoolean()); // the same document shape as teardown's across accounts
        }

        Assert.Null(await organization.MemberIam(organization.Members[0]).GetRoleAsync("assume_role", CancellationToken.None));
        Assert.Equal(2, StateFile.Read(run.StatePath).Roles.Count);

        await organization.RestoreAccessRoleAsync(organization.Members[0]);
        var rerun = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("Plan: 1 to add, 0 to change, 0 to destroy.", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains($"# account[\"{refused}\"].aws_iam_role.assume_role will be created", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{refused}  created", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{organization.Members[1]}  unchanged", rerun.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, StateFile.Read(run.StatePath).Roles.Count);
    }

    [Fact]
    public async Task AnAccountFailingDuringTheApply_KeepsWhatWasMadeInTheState_TheOthersFinish_AndARerunCompletesIt()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var denied = organization.Members[2];
        var scp = organization.Scope.Add(new RefusedCall("AttachRolePolicy", System.Net.HttpStatusCode.Forbidden, "AccessDenied", "denied by a service control policy")
        {
            Filter = new CallFilter { Account = denied }, // in that account only
        });
        var run = organization.NewRunner();

        var outcome = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains("Plan: 3 to add, 0 to change, 0 to destroy.", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{denied}  failed", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("AttachRolePolicy", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Accounts: 3 of 3 done (1 failed), 0 pending.", outcome.Stderr, StringComparison.Ordinal);

        // The role CreateRole made before the refusal is recorded: a rerun (or a teardown) finds it.
        Assert.Equal(3, StateFile.Read(run.StatePath).Roles.Count);

        organization.Scope.Remove(scp);
        var rerun = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("Plan: 0 to add, 1 to change, 0 to destroy.", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains($"# account[\"{denied}\"].aws_iam_role.assume_role will be updated in-place", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{denied}  changed", rerun.Stdout, StringComparison.Ordinal);
        var attached = await organization.MemberIam(organization.Members[2]).ListAttachedPoliciesAsync("assume_role", CancellationToken.None);
        Assert.Equal("arn:aws:iam::aws:policy/AmazonEC2FullAccess", Assert.Single(attached).Arn);
    }

    /// <summary>
    /// One account refuses, the other has its role already: the plan says there is nothing to change in the account
    /// that planned and that the other failed to plan, not that the infrastructure matches; the JSON plan names the
    /// account it left out, and the results follow the plan after a blank line.
    /// </summary>
    [Fact]
    public async Task AnAccountFailingToPlan_BesideAnAccountWithNoChanges_IsNotCalledAMatch_InTextOrJson()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 2);
        var (unchanged, refused) = (organization.Members[0], organization.Members[1]);
        var run = organization.NewRunner();
        Assert.Equal(0, (await run.RunAsync("create-role", "--destination-accounts", unchanged, "--auto-approve")).ExitCode);
        await organization.RemoveAccessRoleAsync(refused);

        var text = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--dry-run");

        Assert.True(text.ExitCode == 1, text.ToString());
        var plan = text.Stdout.ReplaceLineEndings("\n");
        Assert.DoesNotContain("matches the configuration", plan, StringComparison.Ordinal);
        Assert.StartsWith("No changes in the 1 account that planned; 1 failed to plan (see above).\n", plan, StringComparison.Ordinal);
        Assert.Contains($"Target: account {unchanged} (profile 'destination'), region us-east-1.", plan, StringComparison.Ordinal);
        Assert.Contains($"account[\"{unchanged}\"]: no changes.\naccount[\"{refused}\"]: failed to plan; left out of this plan.\n", plan, StringComparison.Ordinal);
        Assert.Contains($"Error: account {refused}: ", text.Stderr, StringComparison.Ordinal);

        var json = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--dry-run", "--output", "json");

        Assert.True(json.ExitCode == 1, json.ToString());
        Assert.Contains("No changes in the 1 account that planned; 1 failed to plan (see above).", json.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("matches the configuration", json.Stderr, StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(json.Stdout))
        {
            var root = document.RootElement;
            Assert.Equal([unchanged], root.GetProperty("target").GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
            Assert.Empty(root.GetProperty("changes").EnumerateArray());
            var leftOut = Assert.Single(root.GetProperty("left_out").EnumerateArray());
            Assert.Equal((refused, "failed"), (leftOut.GetProperty("account").GetString(), leftOut.GetProperty("outcome").GetString()));
            Assert.Contains("AccessDenied", leftOut.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        var applied = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve");

        Assert.True(applied.ExitCode == 1, applied.ToString());
        Assert.Contains($"account[\"{refused}\"]: failed to plan; left out of this plan.\n\nACCOUNT ", applied.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"{unchanged}  unchanged", applied.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailFast_AfterTheFirstRefusal_StartsNoOtherAccount_AndChangesNothing()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        await organization.RemoveAccessRoleAsync(organization.Members[0]);
        var run = organization.NewRunner();

        var outcome = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve", "--fail-fast", "--parallel", "1");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains($"{organization.Members[0]}  failed", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{organization.Members[1]}  skipped", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{organization.Members[2]}  skipped", outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Only 'yes'", outcome.Stderr, StringComparison.Ordinal);
        var stdout = outcome.Stdout.ReplaceLineEndings("\n");
        Assert.DoesNotContain("No changes", stdout, StringComparison.Ordinal); // nothing was compared: no account planned
        Assert.StartsWith("No account was planned: 1 failed to plan (see above), 2 not planned (--fail-fast).\n", stdout, StringComparison.Ordinal);
        Assert.Contains($"account[\"{organization.Members[2]}\"]: not planned (--fail-fast); left out of this plan.\n\nACCOUNT ", stdout, StringComparison.Ordinal);
        foreach (var member in organization.Members)
        {
            Assert.Null(await organization.MemberIam(member).GetRoleAsync("assume_role", CancellationToken.None));
        }

        Assert.False(File.Exists(run.StatePath) && StateFile.Read(run.StatePath).Roles.Count > 0);
    }

    /// <summary>
    /// --fail-fast with accounts planning at once: the others had planned their changes when one failed. The plan shows
    /// them, then says none will be made (it used to end on "Plan: 2 to add", leaving "skipped" in the table to say so).
    /// </summary>
    [Fact]
    public async Task FailFast_WhileOthersPlannedAtOnce_ThePlanSaysNothingWillBeApplied_AndNothingIs()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var refused = organization.Members[0];
        organization.Scope.Add(new RefusedOnceOthersReached(refused, organization.Members.Skip(1)));
        var run = organization.NewRunner();

        var outcome = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve", "--fail-fast", "--parallel", "3");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        var stdout = outcome.Stdout.ReplaceLineEndings("\n");
        Assert.Contains("\nPlan: 2 to add, 0 to change, 0 to destroy.\n\nNothing will be applied in any account: 1 account failed to plan, and\n--fail-fast stops the run before anything changes.\n", stdout, StringComparison.Ordinal);
        Assert.Contains($"{refused}  failed", stdout, StringComparison.Ordinal);
        foreach (var member in organization.Members)
        {
            Assert.Null(await organization.MemberIam(member).GetRoleAsync("assume_role", CancellationToken.None));
        }
    }

    /// <summary>
    /// The state file cannot be saved after the first account's role is made: the run says at once that it is stopping,
    /// starts no other account, ends on the error naming the role; once the state can be saved, a rerun records that
    /// role and makes the others.
    /// </summary>
    [Fact]
    public async Task AStateFileThatCannotBeSaved_StopsTheRunAtOnce_AndARerunFinishesEveryAccount()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var run = organization.NewRunner();
        var folder = Path.Combine(organization.World.Directory, $"state-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var statePath = Path.Combine(folder, "assumerole.state.json");
        var vanishing = organization.Scope.Add(new AfterAnswer("CreateRole", _ => Directory.Delete(folder, recursive: true)));

        var outcome = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve", "--parallel", "1", "--state", statePath);

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        var first = organization.Members[0];
        Assert.Contains("Accounts: stopping after an error (said when the run ends): no further account starts; 0 still running, 0 of 3 done.", outcome.Stderr, StringComparison.Ordinal);
        var error = Assert.Single(outcome.Stderr.Split('\n'), l => l.StartsWith("Error: ", StringComparison.Ordinal));
        Assert.Contains($"Could not save state file {statePath}", error, StringComparison.Ordinal);
        Assert.Contains($"arn:aws:iam::{first}:role/assume_role", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Apply complete!", outcome.Stdout, StringComparison.Ordinal);
        Assert.NotNull(await organization.MemberIam(first).GetRoleAsync("assume_role", CancellationToken.None));
        foreach (var notStarted in organization.Members.Skip(1))
        {
            Assert.Null(await organization.MemberIam(notStarted).GetRoleAsync("assume_role", CancellationToken.None));
        }

        organization.Scope.Remove(vanishing);
        Directory.CreateDirectory(folder);
        var rerun = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--auto-approve", "--state", statePath);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(
            organization.Members.Select(m => $"arn:aws:iam::{m}:role/assume_role").Order(StringComparer.Ordinal),
            StateFile.Read(statePath).Roles.Select(r => r.Arn).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ParallelOne_WorksInTheOrderGiven_AndThrottlingInOneAccountIsBackedOffWithoutFailingTheRun()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var throttled = organization.Members[1];
        var throttling = organization.Scope.Add(new InjectedFault(FaultKind.Throttling, 2, "CreateRole") { When = call => call.Account == throttled });
        var run = organization.NewRunner();
        var order = organization.Members.Reverse().ToList();

        var outcome = await run.RunAsync("create-role", "--destination-accounts", string.Join(",", order), "--auto-approve", "--parallel", "1");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal(0, throttling.Remaining);
        var completions = order.Select(a => outcome.Stderr.IndexOf($"account[\"{a}\"].aws_iam_role.assume_role: Creation complete", StringComparison.Ordinal)).ToList();
        Assert.All(completions, i => Assert.True(i >= 0, outcome.Stderr));
        Assert.Equal(completions.Order(), completions);
        Assert.Equal(order, outcome.Stdout.Split('\n').Where(l => l.Contains("  created  ", StringComparison.Ordinal)).Select(l => l[..12]));
    }

    [Fact]
    public async Task DryRunJson_IsOnePlanOfEveryAccount_AndChangesNothing()
    {
        using var organization = await OrganizationScope.CreateAsync(_sandbox, members: 2);
        var run = organization.NewRunner();

        var outcome = await run.RunAsync("create-role", "--destination-accounts", organization.AccountList, "--dry-run", "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(organization.Members, json.RootElement.GetProperty("target").GetProperty("accounts").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(
            organization.Members.Select(a => $"account[\"{a}\"].aws_iam_role.assume_role"),
            json.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("address").GetString()));
        Assert.Equal(2, json.RootElement.GetProperty("add").GetInt32());
        foreach (var member in organization.Members)
        {
            Assert.Null(await organization.MemberIam(member).GetRoleAsync("assume_role", CancellationToken.None));
        }

        Assert.False(File.Exists(run.StatePath));
    }

    [Fact]
    public async Task RepeatedDestinationProfiles_AreOneDestinationEach_WithTheirOwnCredentials()
    {
        var source = _sandbox.LeaseWorld();
        var first = _sandbox.LeaseWorld();
        var second = _sandbox.LeaseWorld();
        var credentials = TestIdentities.WriteCredentialsFile(
            source,
            ("source", new TestUser(source.SourceUserArn, source.SourceCredentials().GetCredentials().AccessKey, source.SourceCredentials().GetCredentials().SecretKey)),
            ("first", TestIdentities.DestinationAdmin(first)),
            ("second", TestIdentities.DestinationAdmin(second)));
        File.WriteAllText(
            Path.Combine(source.Directory, "config"),
            File.ReadAllText(source.ConfigFile) + "\n[profile first]\nregion = us-east-1\n\n[profile second]\nregion = us-east-1\n");
        var run = new CommandRunner(source, credentials);

        var outcome = await run.RunAsync("create-role", "--destination-profile", "first", "--destination-profile", "second", "--auto-approve");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var byId = string.Join(", ", new[] { first.DestinationAccountId, second.DestinationAccountId }.Order(StringComparer.Ordinal)); // not the profiles' order
        Assert.Contains($"Target: accounts {byId} (profile 'first', 'second'), region us-east-1.", outcome.Stdout, StringComparison.Ordinal);
        Assert.NotNull(await new CommandRunner(first).DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
        Assert.NotNull(await new CommandRunner(second).DestinationIam().GetRoleAsync("assume_role", CancellationToken.None));
        Assert.Equal(2, StateFile.Read(run.StatePath).Roles.Count);
        Assert.All(StateFile.Read(run.StatePath).Roles, r => Assert.Null(r.DestinationRole)); // each profile acted in its own account
    }

    [Fact]
    public async Task DestinationAccounts_WithSeveralDestinationProfiles_IsAUsageError()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());

        var outcome = await run.RunAsync("create-role", "--destination-accounts", "111111111111", "--destination-profile", "a", "--destination-profile", "b");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("ONE --destination-profile", outcome.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(run.StatePath));
    }

    /// <summary>
    /// AssumeRole into one account is refused (AccessDenied), but only once the others' AssumeRole calls were seen (10 s
    /// at most): every account has started before the refusal, however busy the machine.
    /// </summary>
    private sealed class RefusedOnceOthersReached(string refused, IEnumerable<string> others) : AwsBehaviourRule
    {
        private readonly HashSet<string> _waitingFor = new(others, StringComparer.Ordinal);
        private readonly TaskCompletionSource _othersReached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<ProxyReply> HandleAsync(AwsExchange exchange)
        {
            if (!exchange.Call.Is("sts", "AssumeRole"))
            {
                return await exchange.ForwardAsync();
            }

            if (exchange.Call.Account != refused)
            {
                lock (_waitingFor)
                {
                    if (_waitingFor.Remove(exchange.Call.Account ?? "") && _waitingFor.Count == 0)
                    {
                        _othersReached.TrySetResult();
                    }
                }

                return await exchange.ForwardAsync();
            }

            await _othersReached.Task.WaitAsync(TimeSpan.FromSeconds(10), exchange.CancellationToken);
            return AwsErrorReply.For(exchange.Call, System.Net.HttpStatusCode.Forbidden, "AccessDenied", $"Not authorized to perform sts:AssumeRole on {exchange.Call.Parameter("RoleArn")}");
        }
    }
}
