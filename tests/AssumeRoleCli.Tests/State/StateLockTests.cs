using System.Diagnostics;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.State;

/// <summary>
/// The lock is flock(2) on "STATE.lock", as .NET takes it for FileShare.None on Unix: held by a live process it blocks,
/// and the kernel drops it when its holder dies, however it dies. The other holder here is a python3 process taking
/// the same flock, so these tests see what a second assumerole process would see.
/// </summary>
public sealed class StateLockTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string StatePath => _directory.StatePath;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Open_WhileAnotherLiveProcessHoldsTheLock_SaysItIsLocked()
    {
        using var holder = LockHolder.Start(StatePath + ".lock");

        var error = Assert.Throws<CliException>(() => StateFile.Open(StatePath));

        Assert.Equal($"State file {StatePath} is locked by another assumerole command; wait for it to finish.", error.Message);
        Assert.Equal(ExitCodes.Failure, error.ExitCode);
    }

    [Fact]
    public void Open_AfterTheHolderWasKilledWithSigkill_IsNotBlockedByTheLockFileItLeft()
    {
        using (var holder = LockHolder.Start(StatePath + ".lock"))
        {
            Assert.Throws<CliException>(() => StateFile.Open(StatePath));
            Assert.Equal(128 + 9, holder.KillWithSigkill());
        }

        Assert.True(File.Exists(StatePath + ".lock"));
        using var state = StateFile.Open(StatePath);
        state.Update(s => s with { Launches = [new LaunchRecord("t", "arn:aws:iam::111122223333:role/r", "us-east-1", 1, [], DateTimeOffset.UnixEpoch)] });

        Assert.Single(StateFile.Read(StatePath).Launches);
    }

    [Fact]
    public void Dispose_ReleasesTheLock_ForTheNextCommand()
    {
        StateFile.Open(StatePath).Dispose();

        using var next = StateFile.Open(StatePath);

        Assert.Equal(StatePath, next.Path);
    }

    /// <summary>A python3 child holding flock(LOCK_EX) on a file until it is killed.</summary>
    private sealed class LockHolder : IDisposable
    {
        private const string Script = """
            import fcntl, os, sys
            fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            print("locked", flush=True)
            sys.stdin.read()
            """;

        private readonly Process _process;

        private LockHolder(Process process)
        {
            _process = process;
        }

        public static LockHolder Start(string lockPath)
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Script);
            start.ArgumentList.Add(lockPath);
            var holder = new LockHolder(Process.Start(start)!);
            Assert.Equal("locked", holder._process.StandardOutput.ReadLine());
            return holder;
        }

        /// <summary>Process.Kill sends SIGKILL on Unix: the holder gets no chance to clean up.</summary>
        public int KillWithSigkill()
        {
            _process.Kill();
            _process.WaitForExit();
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                KillWithSigkill();
            }

            _process.Dispose();
        }
    }
}
