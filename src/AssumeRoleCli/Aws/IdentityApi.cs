using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace AssumeRoleCli.Aws;

/// <summary>The caller as STS sees it.</summary>
public sealed record CallerIdentity(string Account, string Arn, string UserId)
{
    /// <summary>The account's root user: AWS never lets it assume a role.</summary>
    public bool IsRootUser => Arn.EndsWith(":root", StringComparison.Ordinal);

    /// <summary>Why a root-user profile cannot be the source, in the words every command uses.</summary>
    public string RootUserCannotAssume(string profileName) =>
        $"The source profile '{profileName}' signs in as the root user of account {Account} ({Arn}), and AWS never lets an account's root user assume a role";

    public string Partition => Arn.Split(':') is { Length: > 1 } parts ? parts[1] : "aws";
}

/// <summary>Temporary credentials from AssumeRole. Holds secrets: never print it.</summary>
public sealed record AssumedRole(AWSCredentials Credentials, DateTime? Expiration, string AssumedRoleArn, string Account);

/// <summary>STS, thinly: no decisions here, only calls.</summary>
public interface IIdentityApi
{
    Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct);

    Task<AssumedRole> AssumeRoleAsync(string roleArn, string sessionName, int durationSeconds, CancellationToken ct);
}

internal sealed class StsIdentityApi : IIdentityApi
{
    private readonly IAmazonSecurityTokenService _sts;

    public StsIdentityApi(IAmazonSecurityTokenService sts)
    {
        _sts = sts;
    }

    public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct)
    {
        var response = await _sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), ct);
        return new CallerIdentity(response.Account ?? "", response.Arn ?? "", response.UserId ?? "");
    }

    public async Task<AssumedRole> AssumeRoleAsync(string roleArn, string sessionName, int durationSeconds, CancellationToken ct)
    {
        var response = await _sts.AssumeRoleAsync(
            new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = sessionName, DurationSeconds = durationSeconds },
            ct);
        var issued = response.Credentials
            ?? throw new CliException($"STS AssumeRole into {roleArn} answered without credentials.");
        var assumedArn = response.AssumedRoleUser?.Arn ?? roleArn;
        var account = assumedArn.Split(':') is { Length: > 4 } parts ? parts[4] : "";
        return new AssumedRole(
            new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken),
            issued.Expiration,
            assumedArn,
            account);
    }
}
