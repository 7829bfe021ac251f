using System.Runtime;
using Amazon.Runtime;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.Provisioning.Accounts;

public class AccountFanOutTests
{
    private static readonly List<string> Accounts = Enumerable.Range(1, 7).Select(i => $"00000000000{i}").ToList();

    private static FanOutSettings Settings(int parallel, bool failFast = false) => new(AccountSelection.Everyone, FanOutSettings.DefaultDestinationRole, parallel, failFast);

    [Fact]
    public async Task RunAsync_NeverRunsMoreThanParallelAtOnce_AndRefillsASlotAsSoonAsOneFrees()
    {
        var running = 0;
        var most = 0;
        var started = new List<string>();
        var release = Accounts.ToDictionary(a => a, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var fanOut = new AccountFanOut(Settings(parallel: 3));

        var run = fanOut.RunAsync(Accounts, async (account, _) =>
        {
            lock (started)
            {
                started.Add(account);
                most = Math.Max(most, ++running);
            }

            await release[account].Task;
            lock (started)
            {
                running--;
            }

            return account.Length;
        }, CancellationToken.None);

        await WaitUntilAsync(() => Count(started) == 3);
        release[Accounts[1]].SetResult(); // one slot frees: exactly one more account starts, without waiting for the others
        await WaitUntilAsync(() => Count(started) == 4);
        Assert.Equal(4, Count(started));
        foreach (var gate in release.Values)
        {
            gate.TrySetResult();
        }

        var outcomes = await run;
        Assert.Equal(3, most);
        Assert.Equal(Accounts, outcomes.Select(o => o.Account)); // the order given, whatever the order of finishing
        Assert.All(outcomes, o => Assert.Equal(AccountOutcomeKind.Succeeded, o.Kind));
    }

    [Fact]
    public async Task RunAsync_InManyAccounts_EndsTheCollectionFreeStart_SoItsGarbageIsNotKeptWhileTheyRun()
    {
        // As Program.cs begins every process (here the test process: only this test begins a region).
        Assert.True(GC.TryStartNoGCRegion(CollectionFreeStart.Size));
        try
        {
            var modes = await new AccountFanOut(Settings(parallel: 2)).RunAsync(Accounts, (_, _) => Task.FromResult(GCSettings.LatencyMode), CancellationToken.None);

            Assert.All(modes, m => Assert.NotEqual(GCLatencyMode.NoGCRegion, m.Value));
            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        finally
        {
            CollectionFreeStart.End();
        }
    }

    [Fact]
    public async Task RunAsync_OneAccountFailing_LeavesTheOthersToFinish_AndIsItsOutcome()
    {
        var refused = new AmazonServiceException("not authorized to perform sts:AssumeRole") { ErrorCode = "AccessDenied" };
        var counts = new List<FanOutCounts>();
        var fanOut = new AccountFanOut(Settings(parallel: 2), c =>
        {
            lock (counts)
            {
                counts.Add(c);
            }

            return Task.CompletedTask;
        });

        var outcomes = await fanOut.RunAsync(Accounts, (account, _) => account == Accounts[2] ? Task.FromException<int>(refused) : Task.FromResult(1), CancellationToken.None);

        Assert.Equal(AccountOutcomeKind.Failed, outcomes[2].Kind);
        Assert.Same(refused, outcomes[2].Failure);
        Assert.Equal(6, outcomes.Count(o => o.Succeeded));
        Assert.Equal(new FanOutCounts(7, 1, 0, 7), counts.OrderBy(c => c.Done).Last());
        Assert.Equal(Enumerable.Range(1, 7), counts.Select(c => c.Done).Order());
    }

    [Fact]
    public async Task RunAsync_WithFailFast_StartsNoAccountAfterAFailure_AndSaysWhichWereSkipped()
    {
        var fanOut = new AccountFanOut(Settings(parallel: 1, failFast: true));

        var outcomes = await fanOut.RunAsync(
            Accounts, (account, _) => account == Accounts[1] ? Task.FromException<int>(new CliException("refused")) : Task.FromResult(1), CancellationToken.None);

        Assert.Equal([AccountOutcomeKind.Succeeded, AccountOutcomeKind.Failed], outcomes.Take(2).Select(o => o.Kind));
        Assert.All(outcomes.Skip(2), o => Assert.Equal(AccountOutcomeKind.Skipped, o.Kind));
    }

    [Fact]
    public async Task RunAsync_AStateFileThatCannotBeSaved_EndsTheWholeRun_AfterTheRunningAccountsStop()
    {
        var unsaved = new StateNotSavedException("Could not save state file x", new IOException("disk full"));
        var otherRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = new TaskCompletionSource<FanOutCounts>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new List<string>();
        var otherFinished = false;
        // The other slot's account finishes only once the fan-out has said it is stopping: by then it has taken the
        // failure in, however the threads are scheduled (a signal set just before the throw let the other slot start
        // the next accounts first on a busy machine).
        var fanOut = new AccountFanOut(Settings(parallel: 2), counts =>
        {
            if (counts.Stopping)
            {
                stopping.SetResult(counts);
            }

            return Task.CompletedTask;
        });

        var run = fanOut.RunAsync(Accounts, async (account, _) =>
        {
            lock (started)
            {
                started.Add(account);
            }

            if (account == Accounts[0])
            {
                await otherRunning.Task; // fails while the other slot's account is still at work
                throw unsaved;
            }

            otherRunning.TrySetResult();
            await stopping.Task.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            Volatile.Write(ref otherFinished, true);
            return 1;
        }, CancellationToken.None);

        Assert.Same(unsaved, await Assert.ThrowsAsync<StateNotSavedException>(() => run));
        Assert.True(stopping.Task.IsCompletedSuccessfully, "the fan-out never said it was stopping");
        Assert.True(Volatile.Read(ref otherFinished), "the run ended while another account was still at work");
        Assert.True(Count(started) == 2, $"accounts kept starting after the state could not be saved: {string.Join(", ", started)}");
        var said = await stopping.Task;
        Assert.Equal((0, 0, 1, Accounts.Count), (said.Done, said.Failed, said.Running, said.Pending));
    }

    [Fact]
    public async Task RunAsync_CtrlC_IsNotAnAccountsFailure()
    {
        using var interrupt = new CancellationTokenSource();
        var said = new List<FanOutCounts>();
        var fanOut = new AccountFanOut(Settings(parallel: 2), counts =>
        {
            lock (said)
            {
                said.Add(counts);
            }

            return Task.CompletedTask;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fanOut.RunAsync(Accounts, async (account, ct) =>
        {
            await interrupt.CancelAsync();
            ct.ThrowIfCancellationRequested();
            return 1;
        }, interrupt.Token));
        Assert.DoesNotContain(said, c => c.Stopping); // Ctrl-C says "Interrupted" itself, not "stopping after an error"
    }

    [Fact]
    public async Task RunAsync_AnAwsCallThatTimedOut_IsThatAccountsFailure()
    {
        var fanOut = new AccountFanOut(Settings(parallel: 2));

        var outcomes = await fanOut.RunAsync(
            Accounts, (account, _) => account == Accounts[3] ? Task.FromException<int>(new TaskCanceledException("timed out")) : Task.FromResult(1), CancellationToken.None);

        Assert.Equal(AccountOutcomeKind.Failed, outcomes[3].Kind);
    }

    private static int Count(List<string> started)
    {
        lock (started)
        {
            return started.Count;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, limit.Token);
        }
    }
}
