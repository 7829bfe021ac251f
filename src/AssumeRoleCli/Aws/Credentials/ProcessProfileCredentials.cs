using Amazon.Runtime;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// The SDK's <see cref="ProcessAWSCredentials"/> for a <c>credential_process</c> profile, whose failure becomes one line
/// naming the profile with the process's own exit code and stderr (never its stdout, which would hold the secrets).
/// </summary>
internal sealed class ProcessProfileCredentials : ProcessAWSCredentials
{
    // The SDK starts the process with this process's environment: the marker is set there only while it starts one.
    private static readonly SemaphoreSlim MarkerGate = new(1, 1);

    private readonly string _profileName;
    private readonly string? _marker;

    /// <param name="marker">
    /// The profiles the process is started for (<see cref="AwsEnvironment.CredentialProcessMarker"/>), so an assumerole
    /// it runs that would resolve one of them again stops at once instead of starting itself without end; null: unmarked.
    /// </param>
    public ProcessProfileCredentials(string profileName, string command, string? accountId, string? marker = null)
        : base(command, accountId)
    {
        _profileName = profileName;
        _marker = marker;
    }

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        await MarkerGate.WaitAsync();
        var previous = Mark();
        try
        {
            return NotExpired(await base.GenerateNewCredentialsAsync());
        }
        catch (ProcessAWSCredentialException failure)
        {
            throw Explain(failure);
        }
        finally
        {
            Unmark(previous);
            MarkerGate.Release();
        }
    }

    protected override CredentialsRefreshState GenerateNewCredentials()
    {
        MarkerGate.Wait();
        var previous = Mark();
        try
        {
            return NotExpired(base.GenerateNewCredentials());
        }
        catch (ProcessAWSCredentialException failure)
        {
            throw Explain(failure);
        }
        finally
        {
            Unmark(previous);
            MarkerGate.Release();
        }
    }

    private string? Mark()
    {
        if (_marker is null)
        {
            return null;
        }

        var previous = Environment.GetEnvironmentVariable(AwsEnvironment.CredentialProcessMarker);
        Environment.SetEnvironmentVariable(AwsEnvironment.CredentialProcessMarker, _marker);
        return previous;
    }

    private void Unmark(string? previous)
    {
        if (_marker is not null)
        {
            Environment.SetEnvironmentVariable(AwsEnvironment.CredentialProcessMarker, previous);
        }
    }

    // The SDK refuses expired credentials with a client exception, which reads as a network failure at the top: say
    // what happened and whose process it was. The process said UTC or an offset; the SDK keeps it as UTC or local.
    private CredentialsRefreshState NotExpired(CredentialsRefreshState state)
    {
        var expiration = state.Expiration.Kind == DateTimeKind.Local ? state.Expiration.ToUniversalTime() : state.Expiration;
        return expiration > DateTime.UtcNow
            ? state
            : throw new AwsConfigurationException(
                $"Profile '{_profileName}': its credential_process gave credentials that expired at " +
                $"{expiration.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)}; " +
                "refresh what it reads them from (e.g. log in again), then rerun.");
    }

    // The SDK's message is "Command returned non-zero exit value N with the error - <stderr>", or says the output
    // was not the JSON credential_process must print.
    private AwsConfigurationException Explain(ProcessAWSCredentialException failure) =>
        new($"Profile '{_profileName}': its credential_process failed: {AwsErrorCodes.OneLine(failure.Message)}", failure);
}
