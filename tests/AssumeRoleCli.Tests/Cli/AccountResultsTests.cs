using Amazon.Runtime;
using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using Microsoft.Extensions.Time.Testing;

namespace AssumeRoleCli.Tests.Cli;

public class AccountResultsTests
{
    private static readonly AccountOutcome<string>[] Outcomes =
    [
        new("012345678901", AccountOutcomeKind.Succeeded, "arn:aws:iam::012345678901:role/assume_role", null),
        new("210987654321", AccountOutcomeKind.Failed, null, new AmazonServiceException("User is not authorized to perform: sts:AssumeRole\non resource") { ErrorCode = "AccessDenied" }),
        new("333333333333", AccountOutcomeKind.Skipped, null, null),
    ];

    [Fact]
    public async Task From_SaysEachAccountsOutcome_AFailureOnOneLine_AndAnyFailedMakesTheRunFail()
    {
        var results = AccountResults.From(Outcomes, arn => (arn, "created"), account => $"arn:aws:iam::{account}:role/assume_role", new AwsCallLog());
        var text = new StringWriter();
        await AccountResults.WriteTextAsync(text, results);

        Assert.Equal(["created", "failed", "skipped"], results.Select(r => r.Outcome));
        Assert.Equal("arn:aws:iam::210987654321:role/assume_role", results[1].RoleArn);
        Assert.StartsWith("AWS error AccessDenied: User is not authorized to perform: sts:AssumeRole on resource", results[1].Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', results[1].Error!);
        Assert.True(AccountResults.AnyFailed(results));
        Assert.False(AccountResults.AnyFailed(results.Take(1)));
        Assert.Equal(
            [
                "ACCOUNT       OUTCOME  ROLE / ERROR",
                "012345678901  created  arn:aws:iam::012345678901:role/assume_role",
                $"210987654321  failed   {results[1].Error}",
                "333333333333  skipped  not started: --fail-fast stopped the run after an account failed",
            ],
            text.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public async Task AccountsAsync_SaysHowFarTheRunHasGot()
    {
        var error = new StringWriter();
        using var progress = new TerraformProgress(error, new FakeTimeProvider());

        await progress.AccountsAsync(new FanOutCounts(3, 0, 17, 20));
        await progress.AccountsAsync(new FanOutCounts(4, 1, 16, 20));
        await progress.AccountsAsync(new FanOutCounts(4, 1, 16, 20) { Stopping = true, Running = 2 });

        Assert.Equal(
            [
                "Accounts: 3 of 20 done, 17 pending.",
                "Accounts: 4 of 20 done (1 failed), 16 pending.",
                "Accounts: stopping after an error (said when the run ends): no further account starts; 2 still running, 4 of 20 done (1 failed).",
            ],
            error.ToString().TrimEnd().Split(Environment.NewLine));
    }
}
