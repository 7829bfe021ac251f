using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// The built executable running in the background, as a user's shell runs it, so a test can interrupt or kill it at
/// a chosen moment (e.g. while the AWS-behaviour proxy holds a call in flight). Its environment has no AWS_ variable
/// but those given, and HOME is its working directory.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task<string> _stdout;

    private CliProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return; // the end of the stream, not a line
            }

            lock (_stderr)
            {
                _stderr.Append(line.Data).Append('\n');
            }
        };
        _process.BeginErrorReadLine();
        _stdout = _process.StandardOutput.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static CliProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // Through python3, which restores Ctrl-C's default action before it execs the program (same process id): a test
        // runner started in the background without job control ignores SIGINT, and its children would inherit that.
        // It also starts a new session: no controlling terminal, so nothing (an MFA prompt) can reach a developer's own.
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        ProcessEnvironment.Isolate(start, workingDirectory, environment);

        string[] withDefaultSigint = ["-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.setsid(); os.execv(sys.argv[1], sys.argv[1:])", Executable.Path];
        withDefaultSigint.Concat(args).ToList().ForEach(start.ArgumentList.Add);
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return new CliProcess(process);
    }

    /// <summary>Runs to the end: exit code, stdout, stderr.</summary>
    public static async Task<CommandOutcome> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var cli = Start(workingDirectory, environment, args);
        return await cli.WaitAsync(TimeSpan.FromMinutes(5));
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polled every 20 ms), failing loudly after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds}s waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Sends a POSIX signal (e.g. "INT", "KILL") to the process.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with {kill.ExitCode}.");
        }
    }

    public async Task<CommandOutcome> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"assumerole did not finish within {timeout.TotalSeconds}s; its stderr so far:\n{Stderr}");
        }

        var stdout = await _stdout;
        _process.WaitForExit(); // flushes the asynchronous stderr reader
        return new CommandOutcome(_process.ExitCode, stdout, Stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
