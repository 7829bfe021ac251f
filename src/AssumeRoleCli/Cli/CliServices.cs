using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>What every command needs from the outside world; tests build one pointed at moto and string writers.</summary>
/// <param name="RolePropagationGrace">How long AccessDenied from a freshly made role is taken as IAM still propagating.</param>
public sealed record CliServices(
    Terminal Terminal,
    AwsEnvironment Environment,
    IAwsClientFactory Clients,
    TimeProvider Time,
    TimeSpan RolePropagationGrace)
{
    public static readonly TimeSpan DefaultRolePropagationGrace = TimeSpan.FromMinutes(2);

    public static CliServices FromProcess()
    {
        var environment = AwsEnvironment.FromProcess();
        return new CliServices(
            Terminal.FromConsole(),
            environment,
            new AwsClientFactory(environment.EndpointOverride),
            TimeProvider.System,
            DefaultRolePropagationGrace);
    }

    private ProfileResolver? _profiles;

    /// <summary>One resolver per services object, so the profile files are read once per process, not once per use.</summary>
    public ProfileResolver Profiles => _profiles ??= new(Environment, Clients);

    public IWaitClock NewWaitClock() => new SystemWaitClock(Time);

    public IApplyProgress NewProgress() => new TerraformProgress(Terminal.Error, Time);
}
