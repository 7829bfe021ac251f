using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The sessions teardown may work with. <see cref="Destination"/> is set only when the destination profile exists
/// and is in the role's account; otherwise <see cref="WhyNoDestination"/> says why.
/// </summary>
public sealed record TeardownSessions(
    string SourceProfile,
    AwsSession? Source,
    CallerIdentity? SourceIdentity,
    string DestinationProfile,
    AwsSession? Destination,
    string WhyNoDestination);

/// <summary>
/// How teardown reaches EC2 in the role's account: through the assumed role, as every other command does; when the
/// role cannot be used (deleted, trust changed, the source is a root user, ...), with the destination profile.
/// </summary>
public sealed class TeardownAccess
{
    public const string SessionName = "assumerole-cli";
    public const int SessionSeconds = 3600;

    /// <summary>Answers that mean "this role's credentials will not do", as opposed to AWS being unreachable.</summary>
    private static readonly HashSet<string> RoleUnusableCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthFailure", "InvalidClientTokenId",
        "ExpiredToken", "ExpiredTokenException", "RequestExpired", "SignatureDoesNotMatch", "NoSuchEntity",
    };

    private readonly IAwsClientFactory _clients;
    private readonly IWaitClock _clock;
    private readonly TimeSpan _propagationGrace;
    private readonly Func<string, Task> _say;

    /// <param name="propagationGrace">How long AccessDenied is taken as IAM propagating, for a role changed moments ago.</param>
    public TeardownAccess(IAwsClientFactory clients, IWaitClock clock, TimeSpan propagationGrace, Func<string, Task> say)
    {
        _clients = clients;
        _clock = clock;
        _propagationGrace = propagationGrace;
        _say = say;
    }

    /// <summary>
    /// Runs <paramref name="find"/> through the assumed role, or, when the role cannot be used, through the
    /// destination profile (saying so). Returns the EC2 client that found the instances, to terminate them with.
    /// </summary>
    public async Task<(IEc2Api Ec2, T Found)> FindAsync<T>(
        TeardownSessions sessions, RoleTeardown role, bool roleIsNew, Func<IEc2Api, Task<T>> find, CancellationToken ct)
    {
        string reason;
        if (role.Status == RoleStatus.Absent)
        {
            reason = $"Role {role.Arn} no longer exists, so it cannot be assumed";
        }
        else if (sessions.Source is null || sessions.SourceIdentity is null)
        {
            reason = $"The source profile '{sessions.SourceProfile}' was not found, so role {role.Arn} cannot be assumed";
        }
        else if (sessions.SourceIdentity.IsRootUser)
        {
            reason = sessions.SourceIdentity.RootUserCannotAssume(sessions.SourceProfile);
        }
        else
        {
            var assumer = new RoleAssumer(_clients.Sts(sessions.Source), _clock, roleIsNew ? _propagationGrace : TimeSpan.Zero, _say);
            try
            {
                var assumed = await assumer.AssumeAsync(role.Arn, sessions.SourceIdentity, SessionName, SessionSeconds, ct);
                var ec2 = _clients.Ec2(sessions.Source.WithCredentials(assumed.Credentials));
                return (ec2, await assumer.FirstCallAsync(role.Arn, roleIsNew, () => find(ec2), ct));
            }
            catch (CliException error) when (error.InnerException is AmazonServiceException denied)
            {
                reason = $"Could not assume {role.Arn} as {sessions.SourceIdentity.Arn} ({Describe(denied)})";
            }
            catch (AmazonServiceException error) when (RoleUnusableCodes.Contains(error.ErrorCode ?? ""))
            {
                reason = $"Could not work through role {role.Arn} as {sessions.SourceIdentity.Arn} ({Describe(error)})";
            }
        }

        if (sessions.Destination is null)
        {
            throw new CliException($"{reason}; the destination profile cannot stand in, because {sessions.WhyNoDestination}. Nothing was changed.");
        }

        await _say($"{reason}; looking for its instances with the destination profile '{sessions.DestinationProfile}' instead.");
        var direct = _clients.Ec2(sessions.Destination);
        return (direct, await find(direct));
    }

    private static string Describe(AmazonServiceException error) =>
        $"AWS said {(string.IsNullOrEmpty(error.ErrorCode) ? $"HTTP {(int)error.StatusCode}" : error.ErrorCode)}: {error.Message.ReplaceLineEndings(" ").Trim()}";
}
