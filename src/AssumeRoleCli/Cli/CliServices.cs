using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Calls;
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

    /// <summary>Where <see cref="Clients"/> report their calls: error lines name the failed call, --verbose traces them.</summary>
    public AwsCallLog AwsCalls { get; init; } = new();

    /// <summary>--quiet: no progress (the apply's voice); errors and results are still written.</summary>
    public bool Quiet { get; init; }

    public static CliServices FromProcess()
    {
        var environment = AwsEnvironment.FromProcess();
        var calls = new AwsCallLog();
        return new CliServices(
            Terminal.FromProcess(),
            environment,
            new AwsClientFactory(environment.EndpointOverride, calls),
            TimeProvider.System,
            DefaultRolePropagationGrace)
        {
            AwsCalls = calls,
        };
    }

    private ProfileResolver? _profiles;

    /// <summary>One resolver per services object, so the profile files are read once per process, not once per use.</summary>
    public ProfileResolver Profiles => _profiles ??= new(Environment, Clients);

    public IWaitClock NewWaitClock() => new SystemWaitClock(Time);

    public IApplyProgress NewProgress() => new TerraformProgress(Quiet ? TextWriter.Null : Terminal.Error, Time);
}
