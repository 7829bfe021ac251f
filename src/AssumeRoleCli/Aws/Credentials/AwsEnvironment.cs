namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// What the process environment says about AWS, read once at start-up. The only place below Cli/ that reads
/// environment variables; tests build their own instance instead of touching the process environment.
/// </summary>
/// <param name="CredentialsFile">The shared credentials file (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials).</param>
/// <param name="ConfigFile">The shared config file (AWS_CONFIG_FILE, else <c>config</c> beside the credentials file).</param>
/// <param name="Region">AWS_REGION.</param>
/// <param name="DefaultRegion">AWS_DEFAULT_REGION.</param>
/// <param name="EndpointOverride">
/// Sends every client to this URL. Null in production, where the SDK itself honours AWS_ENDPOINT_URL,
/// AWS_ENDPOINT_URL_&lt;SERVICE&gt; and a profile's endpoint_url; tests use it to point clients at moto.
/// </param>
public sealed record AwsEnvironment(
    string CredentialsFile,
    string ConfigFile,
    string? Region,
    string? DefaultRegion,
    Uri? EndpointOverride = null)
{
    /// <summary>AWS_PROFILE: the source profile when neither --source-profile nor environment credentials are given.</summary>
    public string? Profile { get; init; }

    /// <summary>AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, when either key is set.</summary>
    public EnvironmentCredentials? Credentials { get; init; }

    /// <summary>Where SSO tokens are cached; null means the SDK's (and the AWS CLI's) ~/.aws/sso/cache.</summary>
    public string? SsoCacheDirectory { get; init; }

    /// <summary>The AWS CLI's credential cache (~/.aws/cli/cache); null: credentials are never cached.</summary>
    public string? CliCacheDirectory { get; init; }

    /// <summary>
    /// The profiles whose credential_process started this process (outermost first; see <see cref="CredentialProcessMarker"/>):
    /// resolving one of them again would start this process again, without end.
    /// </summary>
    public IReadOnlyList<string> StartedForProfiles { get; init; } = [];

    /// <summary>True when a credential_process we start is told, in its environment, which profiles it is resolving for.</summary>
    public bool MarksCredentialProcesses { get; init; }

    /// <summary>The variable that carries <see cref="StartedForProfiles"/> to a credential_process (one name a line).</summary>
    public const string CredentialProcessMarker = "ASSUMEROLE_CREDENTIAL_PROCESS_FOR";

    /// <summary>Why there is no <see cref="CliCacheDirectory"/>, for a warning when a session would have been cached.</summary>
    public string? CliCacheUnavailable { get; init; }

    /// <summary>
    /// AWS_ENDPOINT_URL_SIGNIN: the federation endpoint's base URL instead of the partition's (console); null when unset or
    /// when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true, as the SDK treats its own AWS_ENDPOINT_URL_* variables.
    /// </summary>
    public string? SigninEndpoint { get; init; }

    // Only this process's own environment marks the credential_processes it starts (the marker is set process-wide).
    public static AwsEnvironment FromProcess() =>
        FromVariables(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))
            with { MarksCredentialProcesses = true };

    /// <summary>What <see cref="FromProcess"/> reads, given the variables and the home directory (empty when there is none).</summary>
    internal static AwsEnvironment FromVariables(Func<string, string?> variable, string home)
    {
        string? NonEmpty(string name) => variable(name) is { Length: > 0 } value ? value : null;
        var hasHome = Path.IsPathFullyQualified(home);
        var credentials = NonEmpty("AWS_SHARED_CREDENTIALS_FILE") ?? Path.Combine(home, ".aws", "credentials");
        var config = NonEmpty("AWS_CONFIG_FILE") ?? Path.Combine(Path.GetDirectoryName(credentials) ?? ".", "config");
        return new AwsEnvironment(credentials, config, NonEmpty("AWS_REGION"), NonEmpty("AWS_DEFAULT_REGION"))
        {
            // Never relative to the working directory: it holds secrets. Without a home, nothing is cached.
            CliCacheDirectory = hasHome ? Path.Combine(home, ".aws", "cli", "cache") : null,
            CliCacheUnavailable = hasHome ? null : "no home directory to keep ~/.aws/cli/cache in: HOME is unset or not an absolute path",
            Profile = NonEmpty("AWS_PROFILE"),
            SigninEndpoint = string.Equals(NonEmpty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase) ? null : NonEmpty("AWS_ENDPOINT_URL_SIGNIN"),
            StartedForProfiles = NonEmpty(CredentialProcessMarker)?.Split('\n') ?? [],
            Credentials = EnvironmentCredentials.FromVariables(
                NonEmpty("AWS_ACCESS_KEY_ID"), NonEmpty("AWS_SECRET_ACCESS_KEY"), NonEmpty("AWS_SESSION_TOKEN")),
        };
    }

    /// <summary>Credentials, config and the SSO token cache kept side by side, as under ~/.aws (tests, the demo).</summary>
    public static AwsEnvironment ForDirectory(string credentialsFile, Uri? endpointOverride = null, string? region = null)
    {
        var directory = Path.GetDirectoryName(credentialsFile) ?? ".";
        return new(credentialsFile, Path.Combine(directory, "config"), region, null, endpointOverride)
        {
            SsoCacheDirectory = Path.Combine(directory, "sso", "cache"),
            CliCacheDirectory = Path.Combine(directory, "cli", "cache"),
        };
    }
}
