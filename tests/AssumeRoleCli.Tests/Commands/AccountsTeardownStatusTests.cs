using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// status and teardown across member accounts (issue 20) on a moto organization of three members reached from the
/// management profile through OrganizationAccountAccessRole (<see cref="OrganizationScope"/>, one per test). Each test
/// puts a role of its own name (create-role, one account at a time, with each member's own profile) and an instance
/// tagged for it into every member, recorded in a state file of its own. The commands go through the AWS-behaviour
/// proxy's trust-policy check: moto assumes any role, even a missing one, where AWS refuses AssumeRole.
/// </summary>
public sealed class AccountsTeardownStatusTests : IClassFixture<MotoSandbox>
{
    private static string? _imageId;

    private readonly MotoSandbox _sandbox;

    public AccountsTeardownStatusTests(MotoSandbox sandbox)
    {
        _sandbox = sandbox;
    }

    [Fact]
    public async Task Status_ShowsEveryAccount_AsATableAndAsJsonWithOneEntryPerAccount()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var aws = org.Scope;
        var (run, role, instances) = await ThreeAccountsAsync(org);
        var accounts = string.Join(",", org.Members);

        var text = await run.RunAsync("status", "--destination-accounts", accounts);
        Assert.True(text.ExitCode == 0, text.ToString());
        foreach (var (account, index) in org.Members.Select((a, i) => (a, i)))
        {
            Assert.Matches($@"(?m)^{account}\s+yes\s+1\s+1 of 1\s+1\s+0\s*$", text.Stdout);
            Assert.Contains($"account[\"{account}\"].aws_instance.this[0]", text.Stdout, StringComparison.Ordinal);
            Assert.Contains(instances[index], text.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("Accounts: 3 of 3 done, 0 pending.", text.Stderr, StringComparison.Ordinal);

        var json = await run.RunAsync("status", "--destination-accounts", accounts, "--output", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var entries = document.RootElement.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(org.Members, entries.Select(e => e.GetProperty("account").GetString()));
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(JsonValueKind.Null, entries[i].GetProperty("error").ValueKind);
            Assert.Equal(ArnOf(org.Members[i], role), Assert.Single(entries[i].GetProperty("roles").EnumerateArray()).GetProperty("role_arn").GetString());
            Assert.Equal(instances[i], Assert.Single(entries[i].GetProperty("instances").EnumerateArray()).GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task Status_AnAccountThatCannotBeRead_IsShownWithItsReason_TheOthersAreShown_AndTheExitIsNonZero()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var aws = org.Scope;
        var (run, role, _) = await ThreeAccountsAsync(org);
        var access = await PartialAccessAsync(org, inAccounts: 2);

        var outcome = await run.RunAsync("status", "--destination-accounts", string.Join(",", org.Members), "--destination-role", access);

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Matches($@"(?m)^{org.Members[0]}\s+yes\s+1\s+1 of 1", outcome.Stdout);
        Assert.Matches($@"(?m)^{org.Members[1]}\s+yes\s+1\s+1 of 1", outcome.Stdout);
        Assert.Matches($@"(?m)^{org.Members[2]}\s+failed\s", outcome.Stdout);
        var reason = Assert.Single(outcome.Stdout.Split('\n'), l => l.StartsWith($"Account {org.Members[2]} could not be read: ", StringComparison.Ordinal));
        Assert.Contains(access, reason, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", reason, StringComparison.Ordinal);
        Assert.Contains($"Could not reach account {org.Members[2]}: ", reason, StringComparison.Ordinal); // not "rerun create-role": the role is not ours
        Assert.DoesNotContain("create-role", reason, StringComparison.Ordinal);
        Assert.Contains(ArnOf(org.Members[0], role), outcome.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ArnOf(org.Members[2], role), outcome.Stdout, StringComparison.Ordinal);
    }

    /// <summary>An account with no role of ours (none recorded there, no assume_role in IAM): its row counts the roles shown, none, so there is nothing assumable to count.</summary>
    [Fact]
    public async Task Status_AnAccountWithNoRole_HasNoAssumableCount_AndJsonKeepsItsMissingRole()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 2);
        var (withRole, without) = (org.Members[0], org.Members[1]);
        var run = org.NewRunner();
        Assert.Equal(0, (await run.RunAsync("create-role", "--destination-accounts", withRole, "--auto-approve")).ExitCode);

        var text = await run.RunAsync("status", "--destination-accounts", "all");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches($@"(?m)^{withRole}\s+yes\s+1\s+1 of 1\s+0\s+0\s*$", text.Stdout);
        Assert.Matches($@"(?m)^{without}\s+yes\s+0\s+-\s+0\s+0\s*$", text.Stdout);

        var json = await run.RunAsync("status", "--destination-accounts", "all", "--output", "json");

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var entry = Assert.Single(document.RootElement.GetProperty("accounts").EnumerateArray(), e => e.GetProperty("account").GetString() == without);
        var role = Assert.Single(entry.GetProperty("roles").EnumerateArray()); // looked at, as for one account: JSON keeps it with "exists": false
        Assert.Equal(ArnOf(without, "assume_role"), role.GetProperty("role_arn").GetString());
        Assert.False(role.GetProperty("exists").GetBoolean());
        Assert.False(role.GetProperty("assumable").GetBoolean());
    }

    /// <summary>teardown where one account refuses and the other has nothing of ours: the plan says so, in destroy's words, with no claim about the account it could not read.</summary>
    [Fact]
    public async Task Teardown_AnAccountFailingToPlan_BesideOneWithNothingToDestroy_SaysWhatIsTrue()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 2);
        var (empty, refused) = (org.Members[0], org.Members[1]);
        await org.RemoveAccessRoleAsync(refused);
        var run = org.NewRunner();

        var outcome = await run.RunAsync("teardown", "--destination-accounts", org.AccountList, "--auto-approve");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        var stdout = outcome.Stdout.ReplaceLineEndings("\n");
        Assert.StartsWith("No changes in the 1 account that planned; 1 failed to plan (see above).\n\nNo objects need to be destroyed in that account", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("No changes. No objects need to be destroyed.", stdout, StringComparison.Ordinal);
        Assert.Contains($"account[\"{empty}\"]: no changes.\naccount[\"{refused}\"]: failed to plan; left out of this plan.\n\nACCOUNT ", stdout, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{refused}\s+failed\s+\S", stdout);
    }

    [Fact]
    public async Task Teardown_ThreeAccounts_OnePlanOneApproval_InstancesBeforeRoles_AndTheStateEmpty()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var aws = org.Scope;
        var (run, role, instances) = await ThreeAccountsAsync(org);

        var outcome = await run.RunAsync(["teardown", "--destination-accounts", string.Join(",", org.Members)], "yes\n");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Single((outcome.Stdout + outcome.Stderr).Split(Confirmation.DestroyQuestion).Skip(1));
        Assert.Contains("Plan: 0 to add, 0 to change, 6 to destroy.", outcome.Stdout, StringComparison.Ordinal);
        foreach (var (account, index) in org.Members.Select((a, i) => (a, i)))
        {
            var module = $"account[\"{account}\"]";
            Assert.Contains($"# {module}.aws_instance.this[0] will be destroyed", outcome.Stdout, StringComparison.Ordinal);
            Assert.Contains($"# {module}.aws_iam_role.{role} will be destroyed", outcome.Stdout, StringComparison.Ordinal);
            Assert.Contains($"{module}: 0 to add, 0 to change, 2 to destroy.", outcome.Stdout, StringComparison.Ordinal);
            Assert.Matches($@"(?m)^{account}\s+destroyed\s+{ArnOf(account, role)}$", outcome.Stdout);
            var instanceDone = outcome.Stderr.IndexOf($"{module}.aws_instance.this[0]: Destruction complete", StringComparison.Ordinal);
            var roleStarted = outcome.Stderr.IndexOf($"{module}.aws_iam_role.{role}: Destroying...", StringComparison.Ordinal);
            Assert.True(instanceDone >= 0 && roleStarted > instanceDone, outcome.Stderr);
            Assert.Equal("terminated", await StateOfAsync(org, index, instances[index]));
            Assert.Null(await org.MemberIam(org.Members[index]).GetRoleAsync(role, CancellationToken.None));
        }

        Assert.Contains("Accounts: 3 of 3 done, 0 pending.", outcome.Stderr, StringComparison.Ordinal);
        var state = StateFile.Read(run.StatePath);
        Assert.Empty(state.Roles);
        Assert.Empty(state.Launches);
    }

    [Fact]
    public async Task Teardown_OneAccountRefused_TheOthersAreDestroyed_ItSaysWhichFailed_AndARerunAfterTheFixFinishes()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var aws = org.Scope;
        var (run, role, instances) = await ThreeAccountsAsync(org);
        var access = await PartialAccessAsync(org, inAccounts: 2);
        string[] args = ["teardown", "--destination-accounts", string.Join(",", org.Members), "--destination-role", access, "--auto-approve"];

        var first = await run.RunAsync(args);

        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.Matches($@"(?m)^{org.Members[0]}\s+destroyed\s", first.Stdout);
        Assert.Matches($@"(?m)^{org.Members[1]}\s+destroyed\s", first.Stdout);
        Assert.Matches($@"(?m)^{org.Members[2]}\s+failed\s+\S", first.Stdout);
        Assert.Contains($"Account {org.Members[2]} cannot be torn down: ", first.Stderr, StringComparison.Ordinal);
        Assert.Null(await org.MemberIam(org.Members[0]).GetRoleAsync(role, CancellationToken.None));
        Assert.NotNull(await org.MemberIam(org.Members[2]).GetRoleAsync(role, CancellationToken.None));
        Assert.Equal("running", await StateOfAsync(org, 2, instances[2]));
        Assert.Equal([ArnOf(org.Members[2], role)], StateFile.Read(run.StatePath).Roles.Select(r => r.Arn));

        await org.GiveAccessRoleAsync(org.Members[2], access);
        var rerun = await run.RunAsync(args);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Matches($@"(?m)^{org.Members[2]}\s+destroyed\s", rerun.Stdout);
        Assert.Matches($@"(?m)^{org.Members[0]}\s+unchanged\s", rerun.Stdout);
        Assert.Equal("terminated", await StateOfAsync(org, 2, instances[2]));
        Assert.Null(await org.MemberIam(org.Members[2]).GetRoleAsync(role, CancellationToken.None));
        var state = StateFile.Read(run.StatePath);
        Assert.Empty(state.Roles);
        Assert.Empty(state.Launches);
    }

    [Fact]
    public async Task Teardown_FailFast_AFailedAccountStopsTheRun_BeforeAnythingChanges()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var aws = org.Scope;
        var (run, role, instances) = await ThreeAccountsAsync(org);
        var access = await PartialAccessAsync(org, inAccounts: 2);
        var brokenFirst = string.Join(",", new[] { org.Members[2], org.Members[0], org.Members[1] });

        var outcome = await run.RunAsync(
            "teardown", "--destination-accounts", brokenFirst, "--destination-role", access, "--fail-fast", "--parallel", "1", "--auto-approve", "--output", "json");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        using var document = JsonDocument.Parse(outcome.Stdout);
        var entries = document.RootElement.GetProperty("accounts").EnumerateArray()
            .Select(e => (e.GetProperty("account").GetString(), e.GetProperty("outcome").GetString())).ToList();
        Assert.Equal([(org.Members[2], "failed"), (org.Members[0], "skipped"), (org.Members[1], "skipped")], entries);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("running", await StateOfAsync(org, i, instances[i]));
            Assert.NotNull(await org.MemberIam(org.Members[i]).GetRoleAsync(role, CancellationToken.None));
        }

        Assert.Equal(3, StateFile.Read(run.StatePath).Roles.Count);
    }

    [Fact]
    public async Task Teardown_DryRunJsonPlan_CoversEveryAccount_AndChangesNothing()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var aws = org.Scope;
        var (run, role, instances) = await ThreeAccountsAsync(org);

        var outcome = await run.RunAsync("teardown", "--destination-accounts", string.Join(",", org.Members), "--dry-run", "--output", "json");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var document = JsonDocument.Parse(outcome.Stdout);
        var addresses = document.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("address").GetString()).ToList();
        Assert.Equal(
            org.Members.SelectMany(a => new[] { $"account[\"{a}\"].aws_instance.this[0]", $"account[\"{a}\"].aws_iam_role.{role}" }).Order(StringComparer.Ordinal),
            addresses.Order(StringComparer.Ordinal));
        Assert.Equal(6, document.RootElement.GetProperty("destroy").GetInt32());
        Assert.Equal("running", await StateOfAsync(org, 1, instances[1]));
        Assert.Equal(3, StateFile.Read(run.StatePath).Roles.Count);
    }

    [Fact]
    public async Task RepeatedDestinationProfiles_StatusAndTeardown_UseEachAccountsOwnProfile()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var aws = org.Scope;
        var (run, role, instances) = await ThreeAccountsAsync(org);
        string[] profiles = [.. Enumerable.Range(0, 3).SelectMany(i => new[] { "--destination-profile", OrganizationScope.MemberProfile(i) })];

        var status = await run.RunAsync(["status", .. profiles]);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches($@"(?m)^{org.Members[1]}\s+yes\s+1\s+1 of 1\s+1\s+0\s*$", status.Stdout);

        var teardown = await run.RunAsync(["teardown", .. profiles, "--auto-approve"]);
        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        Assert.Equal("terminated", await StateOfAsync(org, 1, instances[1]));
        Assert.Null(await org.MemberIam(org.Members[2]).GetRoleAsync(role, CancellationToken.None));
        Assert.Empty(StateFile.Read(run.StatePath).Roles);
    }

    [Fact]
    public async Task RepeatedDestinationProfiles_AnAccountNoProfileSignsInTo_IsThatAccountsFailure_TheOthersGoOn()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var aws = org.Scope;
        var (run, role, instances) = await ThreeAccountsAsync(org);

        var outcome = await run.RunAsync(
            "teardown", "--destination-profile", OrganizationScope.MemberProfile(0), "--destination-profile", OrganizationScope.MemberProfile(1), "--auto-approve");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Matches($@"(?m)^{org.Members[2]}\s+failed\s+None of the destination profiles \('member-1', 'member-2'\) signs in to account {org.Members[2]}", outcome.Stdout);
        Assert.Matches($@"(?m)^{org.Members[0]}\s+destroyed\s", outcome.Stdout);
        Assert.Null(await org.MemberIam(org.Members[1]).GetRoleAsync(role, CancellationToken.None));
        Assert.Equal("running", await StateOfAsync(org, 2, instances[2]));
        Assert.Equal([ArnOf(org.Members[2], role)], StateFile.Read(run.StatePath).Roles.Select(r => r.Arn));
    }

    /// <summary>
    /// kill -9 while one account's DeleteRole is in flight (AWS carries it out; the answer never reaches the process),
    /// the others done or doing: a rerun of the same teardown finishes every account and leaves the state empty.
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task KilledMidTeardown_ARerunLeavesNothingInAnyAccount()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var aws = org.Scope;
        var (run, role, instances) = await ThreeAccountsAsync(org);
        string[] teardown = ["teardown", "--destination-accounts", string.Join(",", org.Members), "--auto-approve", "--state", run.StatePath];
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = org.CredentialsFile,
            ["AWS_CONFIG_FILE"] = Path.Combine(Path.GetDirectoryName(org.CredentialsFile)!, "config"),
            ["AWS_ENDPOINT_URL"] = aws.EndpointUrl,
        };
        var hold = aws.Add(new InjectedFault(FaultKind.SlowAnswer, 1, "DeleteRole") { Delay = TimeSpan.FromSeconds(60) });
        using (var cli = CliProcess.Start(org.World.Directory, environment, teardown))
        {
            await CliProcess.UntilAsync(() => hold.Remaining == 0 && aws.Requests.Forwarded("DeleteRole") > 0, TimeSpan.FromMinutes(1), "DeleteRole to reach AWS");
            await cli.SignalAsync("KILL");
            Assert.Equal(137, (await cli.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
        }

        aws.Remove(hold);
        Assert.NotEmpty(StateFile.Read(run.StatePath).Roles); // the killed run did not get to record every account

        var rerun = await run.RunAsync(teardown);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("terminated", await StateOfAsync(org, i, instances[i]));
            Assert.Null(await org.MemberIam(org.Members[i]).GetRoleAsync(role, CancellationToken.None));
        }

        var state = StateFile.Read(run.StatePath);
        Assert.Empty(state.Roles);
        Assert.Empty(state.Launches);
        Assert.Empty(aws.RuleFailures);
    }

    /// <summary>
    /// Not told which accounts (the state file's, or <c>all</c>), status and teardown list them by account id as
    /// create-role and launch-instance do, whatever order the state file recorded them in: the accounts table, the
    /// JSON entries, teardown's plan (target, resources, summaries) and its results.
    /// </summary>
    [Fact]
    public async Task NotToldTheAccounts_StatusAndTeardown_ListThemByAccountId_NotInTheStateFilesOrder()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var run = org.NewRunner();
        string[] recordedOrder = [org.Members[2], org.Members[0], org.Members[1]];
        var created = await run.RunAsync("create-role", "--destination-accounts", string.Join(",", recordedOrder), "--parallel", "1", "--auto-approve");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(recordedOrder, StateFile.Read(run.StatePath).Roles.Select(r => AccountOf(r.Arn))); // the state's own order is not by id

        foreach (string[] accounts in new[] { Array.Empty<string>(), ["--destination-accounts", "all"] })
        {
            var status = await run.RunAsync(["status", .. accounts]);
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Equal(org.Members, AccountRows(status.Stdout));

            var json = await run.RunAsync(["status", .. accounts, "--output", "json"]);
            Assert.True(json.ExitCode == 0, json.ToString());
            Assert.Equal(org.Members, JsonAccounts(json.Stdout));

            var plan = await run.RunAsync(["teardown", .. accounts, "--dry-run"]);
            Assert.True(plan.ExitCode == 0, plan.ToString());
            Assert.Contains($"Target: accounts {string.Join(", ", org.Members)} ", plan.Stdout, StringComparison.Ordinal);
            AssertInOrder(plan.Stdout, org.Members.Select(a => $"# account[\"{a}\"].aws_iam_role.assume_role will be destroyed"));
            AssertInOrder(plan.Stdout, org.Members.Select(a => $"account[\"{a}\"]: 0 to add, 0 to change, 1 to destroy."));

            var kept = await run.RunAsync(["teardown", .. accounts, "--keep-role", "--auto-approve", "--output", "json"]); // nothing to destroy: unchanged
            Assert.True(kept.ExitCode == 0, kept.ToString());
            Assert.Equal(org.Members, JsonAccounts(kept.Stdout));
            var keptText = await run.RunAsync(["teardown", .. accounts, "--keep-role", "--auto-approve"]);
            Assert.True(keptText.ExitCode == 0, keptText.ToString());
            Assert.Equal(org.Members, AccountRows(keptText.Stdout));
        }

        var teardown = await run.RunAsync("teardown", "--auto-approve");
        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        Assert.Equal(org.Members, AccountRows(teardown.Stdout));
        Assert.Empty(StateFile.Read(run.StatePath).Roles);
    }

    /// <summary>With --destination-profile repeated, the accounts the state file records are listed by account id too.</summary>
    [Fact]
    public async Task RepeatedDestinationProfiles_StatusAndTeardown_ListTheRecordedAccountsByAccountId()
    {
        using var org = await OrganizationScope.CreateAsync(_sandbox, members: 3);
        var run = org.NewRunner();
        int[] recordedOrder = [2, 0, 1];
        foreach (var i in recordedOrder)
        {
            var created = await run.RunAsync("create-role", "--auto-approve", "--destination-profile", OrganizationScope.MemberProfile(i));
            Assert.True(created.ExitCode == 0, created.ToString());
        }

        Assert.Equal(recordedOrder.Select(i => org.Members[i]), StateFile.Read(run.StatePath).Roles.Select(r => AccountOf(r.Arn)));
        string[] profiles = [.. recordedOrder.SelectMany(i => new[] { "--destination-profile", OrganizationScope.MemberProfile(i) })];

        var status = await run.RunAsync(["status", .. profiles, "--output", "json"]);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(org.Members, JsonAccounts(status.Stdout));

        var teardown = await run.RunAsync(["teardown", .. profiles, "--auto-approve"]);
        Assert.True(teardown.ExitCode == 0, teardown.ToString());
        AssertInOrder(teardown.Stdout, org.Members.Select(a => $"# account[\"{a}\"].aws_iam_role.assume_role will be destroyed"));
        Assert.Equal(org.Members, AccountRows(teardown.Stdout));
    }

    /// <summary>
    /// An unknown destination profile across accounts (--destination-accounts, a repeated --destination-profile, or
    /// what the state file recorded through a member's role) is the very line one account gives: the profiles that do
    /// exist and the files read; said before any request, in every command that works across accounts.
    /// </summary>
    [Fact]
    public async Task AnUnknownDestinationProfile_AcrossAccounts_IsTheSingleAccountLine_InCreateRoleStatusAndTeardown()
    {
        var run = new CommandRunner(_sandbox.LeaseWorld());
        var single = await run.RunAsync("create-role", "--destination-profile", "nope", "--dry-run");
        var line = Assert.Single(single.Stderr.Split('\n'), l => l.StartsWith("Error: ", StringComparison.Ordinal));
        Assert.Contains("Profiles found: ", line, StringComparison.Ordinal);
        Assert.Contains(run.Environment.CredentialsFile, line, StringComparison.Ordinal);
        var member = RoleArn.For("aws", "012345678901", "assume_role"); // reached through the member's role: status and teardown fan out untold
        using (var state = StateFile.Open(run.StatePath))
        {
            state.Update(s => s.WithRole(new RoleRecord(member.ToString(), member.RoleName, member.AccountId, run.World.SourceAccountId, [])
            {
                DestinationRole = FanOutSettings.DefaultDestinationRole,
            }));
        }

        string[][] acrossAccounts =
        [
            ["create-role", "--destination-accounts", "all", "--destination-profile", "nope", "--dry-run"],
            ["create-role", "--destination-accounts", "012345678901", "--destination-profile", "nope", "--dry-run"],
            ["create-role", "--destination-profile", TwoAccountWorld.DestinationProfile, "--destination-profile", "nope", "--dry-run"],
            ["create-role", "--destination-profile", "nope", "--destination-profile", TwoAccountWorld.DestinationProfile, "--dry-run"],
            ["status", "--destination-accounts", "all", "--destination-profile", "nope"],
            ["status", "--destination-profile", TwoAccountWorld.DestinationProfile, "--destination-profile", "nope"],
            ["status", "--destination-profile", "nope"],
            ["teardown", "--destination-accounts", "012345678901", "--destination-profile", "nope", "--dry-run"],
            ["teardown", "--destination-profile", "nope", "--destination-profile", TwoAccountWorld.DestinationProfile, "--dry-run"],
            ["teardown", "--destination-profile", "nope", "--dry-run"],
        ];
        var otherwise = new List<string>();
        foreach (var args in acrossAccounts)
        {
            var outcome = await run.RunAsync(args);
            if (outcome.ExitCode != single.ExitCode || !outcome.Stderr.Split('\n').Contains(line))
            {
                otherwise.Add($"{string.Join(' ', args)}: {outcome}");
            }
        }

        Assert.True(otherwise.Count == 0, $"Not '{line}':\n{string.Join("\n", otherwise)}");

        Assert.Equal([member.ToString()], StateFile.Read(run.StatePath).Roles.Select(r => r.Arn)); // nothing changed
    }

    /// <summary>
    /// --destination-accounts all leaves out the source's own account, so status and teardown need the source even
    /// though they can do without it for one account: a missing one is the line every command gives for it (the
    /// profiles that exist, the files read), said before any request.
    /// </summary>
    [Fact]
    public async Task AllMemberAccounts_WithoutTheSource_IsTheMissingSourceLine_BeforeAnyRequest()
    {
        using var aws = _sandbox.Proxy.OpenScope(_sandbox.LeaseWorld());
        var onlyDestination = TestIdentities.WriteCredentialsFile(aws.World!, (TwoAccountWorld.DestinationProfile, TestIdentities.DestinationAdmin(aws.World!)));
        var run = new CommandRunner(aws.World!, onlyDestination);
        var single = await run.RunAsync("create-role", "--dry-run");
        var line = Assert.Single(single.Stderr.Split('\n'), l => l.StartsWith("Error: ", StringComparison.Ordinal));
        Assert.Contains("No source credentials", line, StringComparison.Ordinal);
        Assert.Contains("profiles found: ", line, StringComparison.Ordinal);

        string[][] needingTheSource = [["status", "--destination-accounts", "all"], ["teardown", "--destination-accounts", "all", "--dry-run"]];
        foreach (var args in needingTheSource)
        {
            var outcome = await run.RunAsync(args);
            Assert.True(outcome.ExitCode == single.ExitCode, outcome.ToString());
            Assert.Equal(line, Assert.Single(outcome.Stderr.Split('\n'), l => l.StartsWith("Error: ", StringComparison.Ordinal)));
        }

        Assert.Equal(0, aws.Requests.Total);
    }

    [Fact]
    public async Task DestinationAccounts_WithARepeatedDestinationProfile_IsAUsageError()
    {
        var outcome = await new CommandRunner(_sandbox.LeaseWorld()).RunAsync(
            "teardown", "--destination-accounts", "123456789012", "--destination-profile", "a", "--destination-profile", "b");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--destination-accounts reaches every account from one --destination-profile", outcome.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A role of this test's own name in each member (create-role, one account at a time), one instance tagged for each, recorded.</summary>
    private static async Task<(CommandRunner Run, string Role, string[] Instances)> ThreeAccountsAsync(OrganizationScope org)
    {
        var run = org.NewRunner();
        var role = $"fo-{Guid.NewGuid():N}"[..15];
        var instances = new string[org.Members.Count];
        for (var i = 0; i < org.Members.Count; i++)
        {
            var created = await run.RunAsync("create-role", "--auto-approve", "--role-name", role, "--destination-profile", OrganizationScope.MemberProfile(i));
            Assert.True(created.ExitCode == 0, created.ToString());
            instances[i] = await LaunchAsync(org, org.Members[i], ArnOf(org.Members[i], role));
            using var state = StateFile.Open(run.StatePath);
            var (roleArn, ids) = (ArnOf(org.Members[i], role), new[] { instances[i] });
            state.Update(s => s with
            {
                Launches = [.. s.Launches, new LaunchRecord(Guid.NewGuid().ToString("N"), roleArn, org.World.Region, 1, ids, DateTimeOffset.UtcNow)],
            });
        }

        return (run, role, instances);
    }

    /// <summary>A destination role of its own name in the first <paramref name="inAccounts"/> members only: the others refuse the management account.</summary>
    private static async Task<string> PartialAccessAsync(OrganizationScope org, int inAccounts)
    {
        var name = $"access-{Guid.NewGuid():N}"[..19];
        for (var i = 0; i < inAccounts; i++)
        {
            await org.GiveAccessRoleAsync(org.Members[i], name);
        }

        return name;
    }

    private static string ArnOf(string account, string role) => $"arn:aws:iam::{account}:role/{role}";

    private static string AccountOf(string arn) => arn.Split(':')[4];

    /// <summary>The accounts of a text table whose rows start with the account id (status's Accounts:, teardown's results), in order.</summary>
    private static List<string> AccountRows(string stdout) =>
        [.. stdout.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d{12}\s")).Select(l => l[..12])];

    private static List<string> JsonAccounts(string stdout)
    {
        using var document = JsonDocument.Parse(stdout);
        return [.. document.RootElement.GetProperty("accounts").EnumerateArray().Select(e => e.GetProperty("account").GetString() ?? "")];
    }

    private static void AssertInOrder(string text, IEnumerable<string> lines)
    {
        var at = lines.Select(l => (Line: l, At: text.IndexOf(l, StringComparison.Ordinal))).ToList();
        Assert.All(at, a => Assert.True(a.At >= 0, $"'{a.Line}' is not in:\n{text}"));
        Assert.True(at.Select(a => a.At).SequenceEqual(at.Select(a => a.At).Order()), $"not in the order {string.Join(", ", at.Select(a => a.Line))}:\n{text}");
    }

    /// <summary>Launches one instance as the member's admin, tagged for <paramref name="roleArn"/>.</summary>
    private static async Task<string> LaunchAsync(OrganizationScope org, string account, string roleArn)
    {
        using var ec2 = org.MemberEc2Client(account);
        _imageId ??= (await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = [InstancePlanner.CanonicalOwner("aws")!] })).Images?.FirstOrDefault()?.ImageId
            ?? throw new InvalidOperationException("moto's catalogue has no Canonical image.");
        var response = await ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = _imageId,
            InstanceType = InstanceType.T2Micro,
            MinCount = 1,
            MaxCount = 1,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Instance, Tags = [.. ManagedTags.ForInstance(roleArn).Select(t => new Tag(t.Key, t.Value))] }],
        });
        return Assert.Single(response.Reservation.Instances).InstanceId;
    }

    private static async Task<string> StateOfAsync(OrganizationScope org, int index, string instanceId) =>
        Assert.Single(await org.MemberEc2(org.Members[index]).DescribeInstancesAsync([instanceId], CancellationToken.None)).State;
}
