using Amazon.Runtime;

namespace AssumeRoleCli.Aws;

/// <summary>
/// Credentials that can be swapped under the clients already made with them: a cached session AWS refuses is replaced
/// by a fresh one, and the next request of every such client signs with it. Holds secrets: never print it.
/// </summary>
public sealed class ReplaceableCredentials : AWSCredentials
{
    private volatile AWSCredentials _current;

    public ReplaceableCredentials(AWSCredentials initial)
    {
        _current = initial;
    }

    public void Replace(AWSCredentials credentials) => _current = credentials;

    public override ImmutableCredentials GetCredentials() => _current.GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _current.GetCredentialsAsync();
}
