using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>
/// One account's line of a command that worked in many: the account, the role in it, what happened
/// (<c>created</c>, <c>changed</c>, <c>unchanged</c>, <c>launched</c>, <c>destroyed</c>, <c>failed</c>, <c>skipped</c> …)
/// and, when it failed, why, in one line. JSON: <c>"account"</c>, <c>"role_arn"</c>, <c>"outcome"</c>, <c>"error"</c>.
/// </summary>
public sealed record AccountResult(string Account, string? RoleArn, string Outcome, string? Error)
{
    /// <summary>launch-instance: the role's instances in the account once it is done (JSON <c>"instance_ids"</c>); null elsewhere.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? InstanceIds { get; init; }
}

/// <summary>
/// A command's result across many accounts, as every one of them prints it with --output json:
/// <c>{"accounts": [{"account", "role_arn", "outcome", "error", …}], "changed"}</c>, the accounts in a stable order.
/// </summary>
public sealed record AccountResultsDocument(IReadOnlyList<AccountResult> Accounts, bool Changed);

/// <summary>Turns a fan-out's outcomes into account results (in the order of the accounts) and writes them as text.</summary>
public static class AccountResults
{
    public const string Failed = "failed";
    public const string Skipped = "skipped";

    /// <summary>
    /// The results, in the order the outcomes come (the accounts' order). A failure is said as its error line would be
    /// said for a single account (<see cref="ErrorReport"/>), so one account's reason reads the same alone or among 100.
    /// </summary>
    /// <param name="describe">The role and the outcome word of an account that succeeded.</param>
    /// <param name="roleOf">The role in an account that failed or was skipped, when known (null: none).</param>
    public static IReadOnlyList<AccountResult> From<T>(
        IEnumerable<AccountOutcome<T>> outcomes, Func<T, (string? RoleArn, string Outcome)> describe, Func<string, string?> roleOf, AwsCallLog calls)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return outcomes.Select(o => o.Kind switch
        {
            AccountOutcomeKind.Succeeded when describe(o.Value!) is var (role, outcome) => new AccountResult(o.Account, role, outcome, null),
            AccountOutcomeKind.Failed => new AccountResult(o.Account, roleOf(o.Account), Failed, ErrorReport.Of(o.Failure!, calls, interrupted: false, seeHelp: "").Message.Trim()),
            _ => new AccountResult(o.Account, roleOf(o.Account), Skipped, "not started: --fail-fast stopped the run after an account failed"),
        }).ToList();
    }

    /// <summary>True when any account failed (or was skipped): the command's exit code is then non-zero.</summary>
    public static bool AnyFailed(IEnumerable<AccountResult> results) => results.Any(r => r.Outcome is Failed or Skipped);

    /// <summary>The results as an aligned table on stdout: account, outcome, role ARN, then the reason of a failure.</summary>
    public static async Task WriteTextAsync(TextWriter output, IReadOnlyList<AccountResult> results)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(results);
        var outcomeWidth = Math.Max("OUTCOME".Length, results.Select(r => r.Outcome.Length).DefaultIfEmpty(0).Max());
        await output.WriteLineAsync($"{"ACCOUNT",-12}  {"OUTCOME".PadRight(outcomeWidth)}  ROLE / ERROR");
        foreach (var result in results)
        {
            await output.WriteLineAsync($"{result.Account,-12}  {result.Outcome.PadRight(outcomeWidth)}  {result.Error ?? result.RoleArn ?? "-"}");
        }
    }
}
