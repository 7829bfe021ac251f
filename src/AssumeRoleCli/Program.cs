using System.Runtime.InteropServices;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Cli;

// Ctrl-C (and SIGTERM) cancel the running command instead of killing the process, so it can stop waiting, release
// the state-file lock and exit 130 with what it created already recorded.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, signal) =>
{
    signal.Cancel = true;
    interrupt.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    interrupt.Cancel();
});

// Before any credentials are resolved: the SDK's own providers find their STS/SSO clients here under Native AOT.
SdkRuntimeDependencies.Register();

return await CliApp.RunAsync(args, CliServices.FromProcess(), interrupt.Token);
