using System.Runtime.InteropServices;
using AssumeRoleCli;
using AssumeRoleCli.Aws.Sdk;
using AssumeRoleCli.Cli;

// The first 32 MB are collection-free (see CollectionFreeStart); a command in many accounts ends that before it starts them.
CollectionFreeStart.Begin();

// Ctrl-C (and SIGTERM) cancel the running command instead of killing the process, so it can stop waiting, release
// the state-file lock and exit 130 with what it created already recorded. A second Ctrl-C ends the process at once.
// (Signals, not Console.CancelKeyPress: that would initialise .NET's terminal handling, see Cli/StandardStreams.)
using var interrupt = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

// Before any credentials are resolved: the SDK's own providers find their STS/SSO clients here under Native AOT.
SdkRuntimeDependencies.Register();
SdkConstantTables.SkipLargeTables();

return await CliApp.RunAsync(args, CliServices.FromProcess(), interrupt.Token);

void Interrupt(PosixSignalContext signal)
{
    // Only ever set, never cleared: a handler of the running command (exec, which waits for its program) may have
    // cancelled this signal already, and handlers share one context.
    if (!interrupt.IsCancellationRequested)
    {
        signal.Cancel = true;
    }

    interrupt.Cancel();
}
