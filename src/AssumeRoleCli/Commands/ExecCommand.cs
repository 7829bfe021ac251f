using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Commands;

public sealed record ExecOptions(RoleCredentialsOptions Role, IReadOnlyList<string> Command);

/// <summary>
/// exec: assumes the role and runs a program with its credentials in the environment. The program owns the console
/// (stdin, stdout, stderr are its own) and starts with default signal dispositions; its exit status is ours, always:
/// this process waits for it whatever signals arrive. SIGTERM, SIGHUP and SIGQUIT are passed on to it, and SIGINT
/// too unless it came from our terminal (which sends Ctrl-C to the program itself), as aws-vault does.
/// </summary>
internal sealed class ExecCommand(CliServices services) : CliCommand<ExecOptions, ExecCommand.Syntax>(services)
{
    /// <summary>What a shell answers when the program cannot be found or run.</summary>
    public const int CannotRun = 127;

    /// <summary>The command line of exec: the options that reach the role, and the program after --.</summary>
    internal sealed class Syntax : ICommandSyntax<ExecOptions>
    {
        private readonly RoleCredentials.Syntax _role = new();

        private readonly Argument<string[]> _program = new("command")
        {
            Description = "The program and its arguments, after --.",
            Arity = ArgumentArity.OneOrMore,
        };

        public Command Build()
        {
            var command = new Command("exec", "Assume the role and run a program with its credentials (AWS_ACCESS_KEY_ID, ...): assumerole exec -- aws sts get-caller-identity");
            _role.AddTo(command);
            command.Arguments.Add(_program);
            return command;
        }

        public ExecOptions Bind(ParseResult parsed) => new(_role.Bind(parsed), parsed.GetValue(_program) ?? []);
    }

    public override async Task<int> RunAsync(ExecOptions options, CancellationToken ct)
    {
        var (assumed, region) = await new RoleCredentials(Services).AssumeAsync(options.Role, ct);
        var start = new ProcessStartInfo(options.Command[0]) { UseShellExecute = false };
        foreach (var argument in options.Command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        ChildEnvironment.Apply(start, assumed, region);
        await Services.Terminal.Error.FlushAsync(ct);

        // Signals are taken before the program starts: from then on this process ends only after it.
        var program = new ProgramSignals();
        using var sigterm = Forward(PosixSignal.SIGTERM, program);
        using var sighup = Forward(PosixSignal.SIGHUP, program);
        using var sigquit = Forward(PosixSignal.SIGQUIT, program);
        using var sigint = Forward(PosixSignal.SIGINT, program);
        Process child;
        try
        {
            child = StartWithDefaultSigpipe(start) ?? throw new CliException($"Could not run '{options.Command[0]}'.", CannotRun);
            program.Started(child.Id);
        }
        catch (Win32Exception error)
        {
            throw new CliException($"Could not run '{options.Command[0]}': {error.Message}", CannotRun);
        }

        using (child)
        {
            // Not ct: Ctrl-C cancels it, but the program decides when to end; we wait, and its status is ours.
            await child.WaitForExitAsync(CancellationToken.None);

            // .NET reports a child killed by signal N as 128+N, as shells do.
            return child.ExitCode;
        }
    }

    /// <summary>
    /// Starts the program with SIGPIPE at its default action. The .NET runtime ignores SIGPIPE in this process, and an
    /// ignored signal stays ignored across fork and exec: `yes | head -1` would then print "Broken pipe". It is set back
    /// to default only for the instant of the fork (nothing of ours writes to a pipe then: stderr was flushed, and
    /// .NET's sockets never raise SIGPIPE), and ignored again at once.
    /// </summary>
    private static Process? StartWithDefaultSigpipe(ProcessStartInfo start)
    {
        if (OperatingSystem.IsWindows())
        {
            return Process.Start(start);
        }

        lock (SigpipeGate)
        {
            var previous = Signal(Sigpipe, SigDfl);
            try
            {
                return Process.Start(start);
            }
            finally
            {
                Signal(Sigpipe, previous);
            }
        }
    }

    private static readonly Lock SigpipeGate = new();

    private static PosixSignalRegistration? Forward(PosixSignal signal, ProgramSignals program)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return PosixSignalRegistration.Create(signal, context =>
        {
            // Cancelled (Program's handler only ever sets this, never clears it): this process ends only after the program.
            context.Cancel = true;
            if (context.Signal != PosixSignal.SIGINT || !FromOurTerminal())
            {
                program.Send(SignalNumber(context.Signal));
            }
        });
    }

    /// <summary>
    /// Signals for the program, kept from the moment they are taken: one that arrives after the program has started but
    /// before Process.Start has returned its id (the program may already be running its first lines) is sent then.
    /// </summary>
    private sealed class ProgramSignals
    {
        private readonly Lock _gate = new();
        private readonly List<int> _pending = [];
        private int? _pid;

        public void Send(int signal)
        {
            lock (_gate)
            {
                if (_pid is { } pid)
                {
                    _ = Kill(pid, signal);
                }
                else
                {
                    _pending.Add(signal);
                }
            }
        }

        public void Started(int pid)
        {
            lock (_gate)
            {
                _pid = pid;
                foreach (var signal in _pending)
                {
                    _ = Kill(pid, signal);
                }

                _pending.Clear();
            }
        }
    }

    /// <summary>
    /// True when this process is in the foreground of its terminal: a Ctrl-C there went to the whole foreground group,
    /// the program included, and sending it again would make the program see it twice.
    /// </summary>
    private static bool FromOurTerminal() => TcGetPgrp(0) is var foreground && foreground > 0 && foreground == GetPgrp();

    /// <summary>The numbers Linux and macOS share for these signals.</summary>
    private static int SignalNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        _ => 15,
    };

    private const int Sigpipe = 13; // the same on Linux and macOS
    private static readonly nint SigDfl = 0;

    // DllImport, not LibraryImport: two ints need no marshalling code, and LibraryImport would need unsafe blocks.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    // signal(2): the previous disposition, as an opaque pointer (SIG_DFL is 0, SIG_IGN 1).
    [DllImport("libc", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Signal(int signal, nint handler);

    [DllImport("libc", EntryPoint = "tcgetpgrp")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int TcGetPgrp(int fd);

    [DllImport("libc", EntryPoint = "getpgrp")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetPgrp();
}
