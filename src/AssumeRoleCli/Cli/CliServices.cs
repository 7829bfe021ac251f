using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Aws.Credentials;
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

    /// <summary>How long the console's federation endpoint may take to answer getSigninToken.</summary>
    public TimeSpan SigninTimeout { get; init; } = AwsClientFactory.CallTimeout;

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

    /// <summary>
    /// Profiles, read once per services object (so once per process); a role profile with mfa_serial asks for its code
    /// at a terminal (commands without --mfa-code).
    /// </summary>
    public ProfileResolver Profiles => _profiles ??= ProfilesAsking(new MfaCodes(null, Terminal));

    /// <summary>Profiles whose role profiles with mfa_serial take their codes from <paramref name="codes"/>.</summary>
    public ProfileResolver ProfilesAsking(MfaCodes codes) => new(Environment, Clients, codes.ForProfile, WarnIfCredentialsFileIsLoose);

    private int _credentialsFileChecked;

    /// <summary>
    /// Once per run, by every command that reads the AWS credentials file (status, exec and credentials too): a warning
    /// when group or others can read it and it holds a secret key (not when its folder keeps them out, e.g. a 0700 ~/.aws;
    /// not /dev/null). The file is read for a key only once its mode is found loose, so a private file costs no read.
    /// </summary>
    private void WarnIfCredentialsFileIsLoose(string path)
    {
        if (Interlocked.Exchange(ref _credentialsFileChecked, 1) == 0 && State.FilePermissions.IsReadableByOthers(path) && ProfileResolver.HoldsSecretKey(path))
        {
            Terminal.WarnAsync($"the AWS credentials file {path} is readable by other users, and it holds secret keys: chmod 600 it.").GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// The AWS CLI's credential cache, unless --no-cache says not to (or the environment has none); with no home for it,
    /// one that warns when it would have kept a session. Its warnings go to stderr.
    /// </summary>
    public CliCredentialCache? CredentialCache(AssumeRoleSettings settings) =>
        settings.NoCache ? null
        : Environment.CliCacheDirectory is { } directory ? new(directory, Time, Terminal.Error.WriteLine)
        : Environment.CliCacheUnavailable is { } why ? CliCredentialCache.Unavailable(why, Time, Terminal.Error.WriteLine)
        : null;

    /// <summary>The one way to reach a role from the source, patient only for a role changed within <see cref="RolePropagationGrace"/>.</summary>
    public RoleFromSource RoleFromSource(IApplyProgress progress, AssumeRoleSettings settings) =>
        new(Clients, Time, RolePropagationGrace, progress, CredentialCache(settings));

    /// <summary>One MFA code for many roles (<see cref="Provisioning.MfaSourceSession"/>), its session kept in the same cache.</summary>
    public MfaSourceSession MfaSourceSession(IApplyProgress progress, AssumeRoleSettings settings) =>
        new(Clients, progress, CredentialCache(settings), Time);

    public TerraformProgress NewProgress() => new TerraformProgress(Quiet ? TextWriter.Null : Terminal.Error, Time);

    /// <summary>
    /// Opens and locks the state file (before any AWS call), warning on stderr when group or others can read it: it says
    /// what exists. (The credentials file is checked when the profiles are read.)
    /// </summary>
    public async Task<State.StateFile> OpenStateAsync(string path)
    {
        var state = State.StateFile.Open(path);
        if (state.IsReadableByOthers)
        {
            await Terminal.WarnAsync(
                $"state file {state.Path} is readable by other users; assumerole rewrites it as 0600 on its next change (chmod 600 it to fix it now).");
        }

        return state;
    }
}
