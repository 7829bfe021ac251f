using System.Diagnostics;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// Runs a program on a pseudo-terminal (python3's pty module, see pty_run.py): stdin, stdout and stderr are all a
/// terminal, as for a person. Returns the exit code and the transcript, escape sequences included.
/// </summary>
public static class PseudoTerminal
{
    private static readonly string Driver = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pty_run.py");

    /// <param name="typeWhen">When the transcript first contains this, <paramref name="keys"/> are typed ("\x03" is Ctrl-C).</param>
    public static async Task<(int ExitCode, string Transcript)> RunAsync(
        string program, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string> environment, string typeWhen = "", string keys = "")
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        ProcessEnvironment.Isolate(start, workingDirectory, environment);

        foreach (var arg in new[] { Driver, typeWhen, keys.Replace("\u0003", "\\x03", StringComparison.Ordinal), program }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var transcript = process.StandardOutput.ReadToEndAsync();
        var driverErrors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        var errors = await driverErrors;
        Assert.True(errors.Length == 0, $"pty_run.py failed: {errors}");
        return (process.ExitCode, await transcript);
    }
}
