using System.Diagnostics;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// The built executable as a user runs it: a separate process with its own environment (no AWS_ variable of the
/// test process leaks in), stdin closed, stdout and stderr captured (so neither is a terminal).
/// </summary>
public static class Executable
{
    /// <summary>
    /// The build's own executable; ASSUMEROLE_TEST_EXECUTABLE names another build of it instead, by an absolute path
    /// (CI runs the executable tests once more against the Native AOT binary it ships).
    /// </summary>
    public static readonly string Path = Environment.GetEnvironmentVariable("ASSUMEROLE_TEST_EXECUTABLE") is { Length: > 0 } other
        ? System.IO.Path.GetFullPath(other)
        : System.IO.Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "assumerole.exe" : "assumerole");

    public static Task<CommandOutcome> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunProgramAsync(Path, args, workingDirectory, environment);

    /// <summary>
    /// Any program as the executable is run: its own isolated environment, stdin closed, stdout and stderr captured,
    /// at most two minutes.
    /// </summary>
    public static async Task<CommandOutcome> RunProgramAsync(
        string program, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        ProcessEnvironment.Isolate(start, workingDirectory, environment);

        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CommandOutcome(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CommandOutcome> RunAsync(params string[] args) => RunAsync(System.IO.Path.GetTempPath(), new Dictionary<string, string>(), args);
}
