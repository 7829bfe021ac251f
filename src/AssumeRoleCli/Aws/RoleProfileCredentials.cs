using Amazon.Runtime;

namespace AssumeRoleCli.Aws;

/// <summary>
/// Credentials of a profile that itself assumes a role (<c>role_arn</c> + <c>source_profile</c>), refreshed before
/// they expire. The SDK's own provider finds its STS client by reflection, which Native AOT cannot do; this one
/// calls STS through our client factory with the source profile's credentials.
/// </summary>
internal sealed class RoleProfileCredentials : RefreshingAWSCredentials
{
    private static readonly TimeSpan FallbackLifetime = TimeSpan.FromMinutes(15);

    private readonly IStsApi _sourceSts;
    private readonly AssumeRoleSpec _spec;

    public RoleProfileCredentials(IStsApi sourceSts, AssumeRoleSpec spec)
    {
        _sourceSts = sourceSts;
        _spec = spec;
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    public RoleArn Role => _spec.Role;

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var assumed = await _sourceSts.AssumeRoleAsync(_spec, tokenCode: null, CancellationToken.None);
        var credentials = await assumed.Credentials.GetCredentialsAsync();
        return new CredentialsRefreshState(credentials, assumed.Expiration ?? DateTime.UtcNow + FallbackLifetime);
    }

    // The SDK asks synchronously only from its synchronous APIs, which this tool does not call; keep them working anyway.
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();
}
