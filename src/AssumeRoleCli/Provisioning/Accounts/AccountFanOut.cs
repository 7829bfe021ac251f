using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>How one account's part of a fanned-out command ended.</summary>
public enum AccountOutcomeKind
{
    Succeeded,

    /// <summary>Its work failed; <see cref="AccountOutcome{T}.Failure"/> says why (rendered as one line by Cli/).</summary>
    Failed,

    /// <summary>Never started: --fail-fast stopped the run after another account failed.</summary>
    Skipped,
}

/// <summary>One account's outcome: its value when it succeeded, the failure when it failed, neither when skipped.</summary>
public sealed record AccountOutcome<T>(string Account, AccountOutcomeKind Kind, T? Value, Exception? Failure)
{
    public bool Succeeded => Kind == AccountOutcomeKind.Succeeded;
}

/// <summary>How far a fan-out has got: accounts finished, failed (of those finished) and not finished yet.</summary>
public sealed record FanOutCounts(int Done, int Failed, int Pending, int Total)
{
    /// <summary>
    /// The whole run failed (the state file could not be saved, a bug; not Ctrl-C, not an account's own failure): no
    /// further account starts, and the run ends, saying why, once the <see cref="Running"/> ones finish.
    /// </summary>
    public bool Stopping { get; init; }

    /// <summary>Accounts still at work when <see cref="Stopping"/>.</summary>
    public int Running { get; init; }
}

/// <summary>
/// Runs one piece of work per account, at most <see cref="FanOutSettings.Parallel"/> at once (a pool: a slot is
/// refilled the moment an account finishes, never waves). Each account's own steps keep their order inside its work;
/// an account's failure is its outcome and never stops the others (with --fail-fast, no account starts after one
/// failed; those already running finish, so nothing is left half-made). Failures that concern the whole run are not
/// an account's: Ctrl-C, a state file that cannot be saved, and bugs end the run once the running accounts stop.
/// </summary>
public sealed class AccountFanOut
{
    private readonly FanOutSettings _settings;
    private readonly Func<FanOutCounts, Task>? _counted;

    /// <param name="counted">Told the counts each time an account finishes (the progress voice says them).</param>
    public AccountFanOut(FanOutSettings settings, Func<FanOutCounts, Task>? counted = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _counted = counted;
    }

    /// <summary>Runs <paramref name="work"/> for every account; the outcomes come back in the order of <paramref name="accounts"/>.</summary>
    public async Task<IReadOnlyList<AccountOutcome<T>>> RunAsync<T>(
        IReadOnlyList<string> accounts, Func<string, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(work);
        if (accounts.Count > 1)
        {
            CollectionFreeStart.End(); // ~1 MB per account: collected as it goes, not kept resident as the start's 32 MB
        }

        var outcomes = new AccountOutcome<T>?[accounts.Count];
        var next = -1;
        var done = 0;
        var failed = 0;
        var running = 0;
        var stopStarting = false;
        Exception? runFailure = null;
        var gate = new Lock();

        async Task WorkerAsync()
        {
            while (true)
            {
                int index;
                lock (gate)
                {
                    if (stopStarting || runFailure is not null || ct.IsCancellationRequested || next + 1 >= accounts.Count)
                    {
                        return;
                    }

                    index = ++next;
                    running++;
                }

                var account = accounts[index];
                AccountOutcome<T> outcome;
                try
                {
                    outcome = new(account, AccountOutcomeKind.Succeeded, await work(account, ct), null);
                }
                catch (Exception error) when (IsAccountsOwn(error, ct))
                {
                    outcome = new(account, AccountOutcomeKind.Failed, default, error);
                }
                catch (Exception error)
                {
                    FanOutCounts? stopping = null;
                    lock (gate)
                    {
                        running--;
                        if (runFailure is null && !ct.IsCancellationRequested)
                        {
                            // Said at once: the running accounts may take minutes to finish, and the error is said only then.
                            stopping = new FanOutCounts(done, failed, accounts.Count - done, accounts.Count) { Stopping = true, Running = running };
                        }

                        runFailure ??= error;
                    }

                    if (stopping is not null && _counted is not null)
                    {
                        await _counted(stopping);
                    }

                    return;
                }

                FanOutCounts counts;
                lock (gate)
                {
                    running--;
                    outcomes[index] = outcome;
                    done++;
                    if (!outcome.Succeeded)
                    {
                        failed++;
                        stopStarting |= _settings.FailFast;
                    }

                    counts = new FanOutCounts(done, failed, accounts.Count - done, accounts.Count);
                }

                if (_counted is not null)
                {
                    await _counted(counts);
                }
            }
        }

        var workers = Enumerable.Range(0, Math.Clamp(_settings.Parallel, 1, Math.Max(1, accounts.Count))).Select(_ => Task.Run(WorkerAsync, CancellationToken.None));
        await Task.WhenAll(workers);
        if (runFailure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(runFailure).Throw();
        }

        ct.ThrowIfCancellationRequested();
        return outcomes.Select((o, i) => o ?? new AccountOutcome<T>(accounts[i], AccountOutcomeKind.Skipped, default, null)).ToList();
    }

    /// <summary>
    /// A failure that is this account's alone: what AWS, the network or the account's set-up answered. Ctrl-C, a state
    /// file that cannot be saved and bugs (anything else) concern the whole run.
    /// </summary>
    public static bool IsAccountsOwn(Exception error, CancellationToken runToken) => error switch
    {
        OperationCanceledException => !runToken.IsCancellationRequested, // an AWS call that timed out, not Ctrl-C
        StateNotSavedException => false,
        CliException or AwsConfigurationException or AmazonServiceException or AmazonClientException or HttpRequestException => true,
        RoleNotAssumableException or RoleNotAuthorizedException or SessionDurationRefusedException or UnexpectedAwsResponseException => true,
        _ => false,
    };
}
