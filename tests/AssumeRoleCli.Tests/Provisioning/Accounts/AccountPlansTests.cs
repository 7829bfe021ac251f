using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace AssumeRoleCli.Tests.Provisioning.Accounts;

public class AccountPlansTests
{
    private static readonly string[] Accounts = ["000000000001", "000000000002", "000000000003"];

    private static FanOutSettings Settings(bool failFast = false, int parallel = 20) => new(AccountSelection.Of(Accounts), FanOutSettings.DefaultDestinationRole, parallel, failFast);

    private static Plan RolePlan(string name) =>
        new([new ResourceChange(ChangeAction.Create, "aws_iam_role", name, [AttributeChange.Added("name", PlanValue.Text(name))])]);

    private static Task<string> PlanOf(string account) =>
        account == Accounts[1] ? Task.FromException<string>(new CliException($"refused in {account}")) : Task.FromResult(account);

    [Fact]
    public async Task PlanAsync_CombinesThePlansOfTheAccountsThatPlanned_EachInItsModule_TheFailedOneLeftOut()
    {
        var planned = await AccountPlans.PlanAsync(
            Settings(), new RecordingProgress(), new FakeTimeProvider(), Accounts, (account, _, _) => PlanOf(account), _ => RolePlan("assume_role"),
            accounts => new PlanTarget(accounts, "us-east-1", "destination"), CancellationToken.None);

        Assert.Equal(["account[\"000000000001\"].aws_iam_role.assume_role", "account[\"000000000003\"].aws_iam_role.assume_role"], planned.Plan.Changes.Select(c => c.Address));
        Assert.Equal([Accounts[0], Accounts[2]], planned.Plan.Target!.Accounts);
        Assert.Equal([AccountOutcomeKind.Succeeded, AccountOutcomeKind.Failed, AccountOutcomeKind.Succeeded], planned.Accounts.Select(a => a.Kind));
        Assert.False(planned.Stopped);
    }

    [Fact]
    public async Task ApplyAsync_AppliesOnlyThePlannedAccounts_AndKeepsThePlanningFailureInOrder()
    {
        var planned = await AccountPlans.PlanAsync(
            Settings(), new RecordingProgress(), new FakeTimeProvider(), Accounts, (account, _, _) => PlanOf(account), _ => RolePlan("r"),
            accounts => new PlanTarget(accounts, "us-east-1", null), CancellationToken.None);
        var applied = new List<string>();

        var outcomes = await AccountPlans.ApplyAsync(Settings(), new RecordingProgress(), planned, (account, value, _, _) =>
        {
            lock (applied)
            {
                applied.Add(account);
            }

            return Task.FromResult(value + "!");
        }, CancellationToken.None);

        Assert.Equal([Accounts[0], Accounts[2]], applied.Order());
        Assert.Equal(Accounts, outcomes.Select(o => o.Account));
        Assert.Equal(["000000000001!", null, "000000000003!"], outcomes.Select(o => o.Value));
        Assert.Equal("refused in 000000000002", outcomes[1].Failure!.Message);
    }

    [Fact]
    public async Task FailFast_APlanningFailureStopsTheRun_NothingIsApplied_TheOthersAreSkipped()
    {
        var planned = await AccountPlans.PlanAsync(
            Settings(failFast: true, parallel: 1), new RecordingProgress(), new FakeTimeProvider(), Accounts, (account, _, _) => PlanOf(account), _ => RolePlan("r"),
            accounts => new PlanTarget(accounts, "us-east-1", null), CancellationToken.None);

        var outcomes = await AccountPlans.ApplyAsync(Settings(failFast: true), new RecordingProgress(), planned, (_, _, _, _) =>
            Task.FromException<string>(new InvalidOperationException("nothing may be applied")), CancellationToken.None);

        Assert.True(planned.Stopped);
        Assert.Equal([AccountOutcomeKind.Skipped, AccountOutcomeKind.Failed, AccountOutcomeKind.Skipped], outcomes.Select(o => o.Kind));
    }

    [Fact]
    public async Task PlanningCounts_AreSaidOnlyOncePlanningIsSlow()
    {
        var time = new FakeTimeProvider();
        var progress = new RecordingProgress();

        await AccountPlans.PlanAsync(
            Settings(parallel: 1), progress, time, Accounts,
            (account, _, _) =>
            {
                if (account == Accounts[1])
                {
                    time.Advance(AccountPlans.CountsSaidAfter);
                }

                return Task.FromResult(account);
            },
            _ => Plan.Empty, accounts => new PlanTarget(accounts, "us-east-1", null), CancellationToken.None);

        Assert.Equal(["Accounts: 2 of 3 done, 1 pending.", "Accounts: 3 of 3 done, 0 pending."], progress.Lines);
    }

    [Fact]
    public async Task ModuleProgress_PrefixesEveryAddressAndNote_WithTheAccountsModule()
    {
        var progress = new RecordingProgress();
        var account = AccountPlans.InAccount(progress, "000000000001");

        await account.StartingAsync("aws_iam_role.assume_role", ChangeAction.Create);
        await account.CompletedAsync("aws_iam_role.assume_role", ChangeAction.Create, "assume_role");
        await account.NoteAsync("Retrying CreateRole.");

        Assert.Equal(
            [
                "account[\"000000000001\"].aws_iam_role.assume_role: Creating...",
                "account[\"000000000001\"].aws_iam_role.assume_role: Creation complete after 0s [id=assume_role]",
                "account[\"000000000001\"]: Retrying CreateRole.",
            ],
            progress.Lines);
    }

    [Fact]
    public void PlanRenderer_SaysEachAccountsSummary_BeforeTheTotal()
    {
        var plan = new Plan([RolePlan("assume_role").Changes[0] with { Module = "account[\"000000000001\"]" }]);

        var text = PlanRenderer.Render(plan, accountSummaries: ["account[\"000000000001\"]: 1 to add, 0 to change, 0 to destroy.", "account[\"000000000002\"]: no changes."]);

        Assert.EndsWith(
            "account[\"000000000001\"]: 1 to add, 0 to change, 0 to destroy.\naccount[\"000000000002\"]: no changes.\n\nPlan: 1 to add, 0 to change, 0 to destroy.\n".ReplaceLineEndings(),
            text,
            StringComparison.Ordinal);
    }
}
