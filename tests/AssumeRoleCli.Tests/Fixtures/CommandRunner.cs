using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>What one in-process run of the CLI produced.</summary>
public sealed record CommandOutcome(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs the CLI in-process against one two-account world on moto: its own credentials file, its own state file,
/// string writers for the console, and no process-wide environment variables.
/// </summary>
public sealed class CommandRunner
{
    /// <param name="time">The CLI's clock (e.g. one whose "now" a test moves on, to pass an expiry); default the system's.</param>
    public CommandRunner(TwoAccountWorld world, string? credentialsFile = null, TimeSpan? rolePropagationGrace = null, TimeProvider? time = null)
    {
        World = world;
        Environment = AwsEnvironment.ForDirectory(credentialsFile ?? world.CredentialsFile, new Uri(world.EndpointUrl));
        StatePath = Path.Combine(world.Directory, $"state-{Guid.NewGuid():N}.json");
        RolePropagationGrace = rolePropagationGrace ?? TimeSpan.FromSeconds(5);
        Time = time ?? TimeProvider.System;
    }

    public TimeProvider Time { get; }

    public TwoAccountWorld World { get; }

    public AwsEnvironment Environment { get; }

    public string StatePath { get; }

    public TimeSpan RolePropagationGrace { get; }

    /// <summary>Changes the services each run is given (e.g. a variable of the environment the command reads); none by default.</summary>
    public Func<CliServices, CliServices> WithServices { get; init; } = services => services;

    public IAwsClientFactory Clients => new AwsClientFactory(Environment.EndpointOverride);

    /// <summary>Runs <c>assumerole args... --state STATE</c>, answering any prompt with <paramref name="stdin"/>.</summary>
    public async Task<CommandOutcome> RunAsync(string[] args, string stdin = "", CancellationToken ct = default)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // stdin plays a person at a terminal answering the question.
        var calls = new AwsCallLog();
        var services = new CliServices(
            new Terminal(stdout, stderr, new StringReader(stdin), inputIsInteractive: true),
            Environment,
            new AwsClientFactory(Environment.EndpointOverride, calls),
            Time,
            RolePropagationGrace)
        {
            AwsCalls = calls,
        };
        services = WithServices(services);
        var withState = args.Contains("--state") || args.Length == 0 || args[0].StartsWith('-') ? args : [.. args, "--state", StatePath];
        var exit = await CliApp.RunAsync(withState, services, ct);
        return new CommandOutcome(exit, stdout.ToString(), stderr.ToString());
    }

    public Task<CommandOutcome> RunAsync(params string[] args) => RunAsync(args, "");

    /// <summary>An AWS session for one of the world's profiles, for checking results with the admin's own eyes.</summary>
    public AwsSession Session(string profile) => new ProfileResolver(AwsEnvironment.ForDirectory(World.CredentialsFile), Clients).Resolve(profile, World.Region);

    public IIamApi DestinationIam() => Clients.Iam(Session(TwoAccountWorld.DestinationProfile));

    public IEc2Api DestinationEc2() => Clients.Ec2(Session(TwoAccountWorld.DestinationProfile));
}
