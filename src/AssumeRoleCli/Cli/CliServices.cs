using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Cli;

/// <summary>What every command needs from the outside world; tests build one pointed at moto and string writers.</summary>
public sealed record CliServices(Terminal Terminal, AwsEnvironment Environment, IAwsClientFactory Clients, TimeProvider Time)
{
    public static CliServices FromProcess()
    {
        var environment = AwsEnvironment.FromProcess();
        return new CliServices(Terminal.FromConsole(), environment, new AwsClientFactory(environment.EndpointOverride), TimeProvider.System);
    }

    public ProfileResolver Profiles => new(Environment);
}
