using Amazon.Runtime.CredentialManagement;

namespace AssumeRoleCli.Aws.Credentials;

/// <summary>
/// The SDK's profile store, each profile looked up once per process: <see cref="SharedCredentialsFile.TryGetProfile"/>
/// reads both files again on every call, and a command asks for the same few profiles many times (source,
/// destination, their regions, chained source profiles).
/// </summary>
internal sealed class ProfileStore
{
    private readonly Dictionary<string, CredentialProfile?> _profiles = new(StringComparer.Ordinal);

    public ProfileStore(SharedCredentialsFile sdk)
    {
        Sdk = sdk;
    }

    /// <summary>The SDK's store, for the SDK's own credential factories.</summary>
    public SharedCredentialsFile Sdk { get; }

    public bool TryGetProfile(string profileName, out CredentialProfile profile)
    {
        if (!_profiles.TryGetValue(profileName, out var found))
        {
            found = Sdk.TryGetProfile(profileName, out var read) ? read : null;
            _profiles[profileName] = found;
        }

        profile = found!;
        return found is not null;
    }
}
