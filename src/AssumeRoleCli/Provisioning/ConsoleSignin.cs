using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Signin;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The AWS console as a role already assumed (aws-vault's login): the role's session is exchanged at the federation
/// endpoint for a sign-in token, which the login URL carries. The console session is asked to last as long as the
/// role's (SessionDuration), except for a chained session, one assumed with the credentials of another role's session:
/// AWS refuses SessionDuration for those, and their console session lasts as long as the credentials.
/// </summary>
public sealed class ConsoleSignin
{
    private readonly IAwsClientFactory _clients;
    private readonly ISigninApi _signin;

    public ConsoleSignin(IAwsClientFactory clients, ISigninApi signin)
    {
        _clients = clients;
        _signin = signin;
    }

    /// <summary>The login URL for <paramref name="reached"/>'s session, landing on <paramref name="destination"/>. A credential.</summary>
    /// <param name="durationSeconds">The role session's length (--duration), asked for the console session when allowed.</param>
    /// <exception cref="SigninException">The federation endpoint gave no token.</exception>
    public async Task<string> LoginUrlAsync(
        AwsSession source, AssumedRole reached, ConsoleEndpoints endpoints, Uri destination, int durationSeconds, CancellationToken ct)
    {
        var chained = await IsRoleSessionAsync(source, ct);
        var session = await reached.Credentials.GetCredentialsAsync();
        var token = await _signin.GetSigninTokenAsync(endpoints.Federation, session, chained ? null : durationSeconds, source.Region.SystemName, ct);
        return endpoints.LoginUrl(token, destination);
    }

    /// <summary>
    /// Whether the source is itself a role's session, which makes the role's session chained. Long-term keys are an IAM
    /// user's and never are; of any other credentials (a role profile, SSO, a credential_process, keys with a session
    /// token) STS is asked who they are, as aws-vault asks of credentials whose origin it does not know.
    /// </summary>
    public async Task<bool> IsRoleSessionAsync(AwsSession source, CancellationToken ct) =>
        source.Credentials is not BasicAWSCredentials && (await _clients.Sts(source).GetCallerIdentityAsync(ct)).IsRoleSession;
}
