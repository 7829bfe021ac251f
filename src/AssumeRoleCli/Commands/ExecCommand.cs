using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Commands;

public sealed record ExecOptions(RoleCredentialsOptions Role, IReadOnlyList<string> Command);

/// <summary>
/// exec: assumes the role and runs a program with its credentials in the environment. The program owns the console
/// (stdin, stdout, stderr are its own); its exit status is ours; Ctrl-C reaches it from the terminal and SIGTERM,
/// SIGHUP and SIGQUIT are passed on to it, while this process only waits.
/// </summary>
public sealed class ExecCommand
{
    /// <summary>What a shell answers when the program cannot be found or run.</summary>
    public const int CannotRun = 127;

    private readonly CliServices _services;

    public ExecCommand(CliServices services)
    {
        _services = services;
    }

    public static Command Create(CliServices services)
    {
        var role = new RoleCredentials.Syntax();
        var program = new Argument<string[]>("command")
        {
            Description = "The program and its arguments, after --.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("exec", "Assume the role and run a program with its credentials (AWS_ACCESS_KEY_ID, ...): assumerole exec -- aws sts get-caller-identity");
        role.AddTo(command);
        command.Arguments.Add(program);
        var run = new ExecCommand(services);
        command.SetAction((parsed, ct) => run.RunAsync(new ExecOptions(role.Bind(parsed), parsed.GetValue(program) ?? []), ct));
        return command;
    }

    public async Task<int> RunAsync(ExecOptions options, CancellationToken ct)
    {
        var (assumed, region) = await new RoleCredentials(_services).AssumeAsync(options.Role, ct);
        var start = new ProcessStartInfo(options.Command[0]) { UseShellExecute = false };
        foreach (var argument in options.Command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        ChildEnvironment.Apply(start, assumed.Credentials.GetCredentials(), region);
        await _services.Terminal.Error.FlushAsync(ct);
        Process child;
        try
        {
            child = Process.Start(start) ?? throw new CliException($"Could not run '{options.Command[0]}'.", CannotRun);
        }
        catch (Win32Exception error)
        {
            throw new CliException($"Could not run '{options.Command[0]}': {error.Message}", CannotRun);
        }

        using (child)
        using (Forward(PosixSignal.SIGTERM, child))
        using (Forward(PosixSignal.SIGHUP, child))
        using (Forward(PosixSignal.SIGQUIT, child))
        {
            // Not ct: Ctrl-C cancels it, but the terminal sends Ctrl-C to the child too; it decides when to end, we wait.
            await child.WaitForExitAsync(CancellationToken.None);

            // .NET reports a child killed by signal N as 128+N, as shells do.
            return child.ExitCode;
        }
    }

    private static PosixSignalRegistration? Forward(PosixSignal signal, Process child)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            _ = Kill(child.Id, SignalNumber(context.Signal));
        });
    }

    /// <summary>The numbers Linux and macOS share for these signals.</summary>
    private static int SignalNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGQUIT => 3,
        _ => 15,
    };

    // DllImport, not LibraryImport: two ints need no marshalling code, and LibraryImport would need unsafe blocks.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
