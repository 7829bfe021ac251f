using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace AssumeRoleCli.Aws;

/// <summary>The caller as STS sees it.</summary>
public sealed record CallerIdentity(string Account, string Arn, string UserId)
{
    /// <summary>The account's root user: AWS never lets it assume a role.</summary>
    public bool IsRootUser => Arn.EndsWith(":root", StringComparison.Ordinal);

    /// <summary>Why a root user cannot be the source, in the words every command uses.</summary>
    /// <param name="source">How the source was chosen: <c>profile 'dev'</c>, or <c>credentials from the environment</c>.</param>
    public string RootUserCannotAssume(string source) =>
        $"The source ({source}) signs in as the root user of account {Account} ({Arn}), and AWS never lets an account's root user assume a role";

    public string Partition => Arn.Split(':') is { Length: > 1 } parts ? parts[1] : "aws";
}

/// <summary>An MFA device and where its one-time codes come from. A code is good for one AssumeRole only.</summary>
/// <param name="NextCode">The next code; null when no fresh code can be had (the caller then must not retry).</param>
public sealed record MfaDevice(string SerialNumber, Func<CancellationToken, Task<string?>> NextCode);

/// <summary>Everything an AssumeRole call is asked with, as one value.</summary>
public sealed record AssumeRoleSpec(RoleArn Role, string SessionName, int DurationSeconds, string? ExternalId = null, MfaDevice? Mfa = null)
{
    public const string DefaultSessionName = "assumerole-cli";
    public const int DefaultDurationSeconds = 3600;
    public const int MinDurationSeconds = 900;
    public const int MaxDurationSeconds = 43200;

    /// <summary>The text form never shows the external id: it is a shared secret.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Role = {Role}, SessionName = {SessionName}, DurationSeconds = {DurationSeconds}, ExternalId = {(ExternalId is null ? "null" : "(sensitive value)")}, Mfa = {Mfa}");
        return true;
    }
}

/// <summary>Temporary credentials from AssumeRole. Holds secrets: never print it.</summary>
public sealed record AssumedRole(AWSCredentials Credentials, DateTime? Expiration, string AssumedRoleArn, string Account);

/// <summary>STS, thinly: no decisions here, only calls, and a check that the answer is one AWS would give.</summary>
public interface IStsApi
{
    Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct);

    /// <param name="tokenCode">The MFA code for <see cref="AssumeRoleSpec.Mfa"/>; null without MFA.</param>
    Task<AssumedRole> AssumeRoleAsync(AssumeRoleSpec spec, string? tokenCode, CancellationToken ct);
}

internal sealed class StsApi : IStsApi
{
    private readonly IAmazonSecurityTokenService _sts;

    public StsApi(IAmazonSecurityTokenService sts)
    {
        _sts = sts;
    }

    public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct)
    {
        var response = await _sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), ct);
        var identity = new CallerIdentity(response.Account ?? "", response.Arn ?? "", response.UserId ?? "");
        if (!AwsNames.IsValidAccountId(identity.Account) || !identity.Arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw new UnexpectedAwsResponseException(
                $"sts:GetCallerIdentity at {_sts.Config.ServiceURL ?? _sts.Config.RegionEndpoint?.SystemName} answered without a valid account " +
                $"('{identity.Account}') or ARN; is the endpoint really AWS STS?");
        }

        return identity;
    }

    public async Task<AssumedRole> AssumeRoleAsync(AssumeRoleSpec spec, string? tokenCode, CancellationToken ct)
    {
        var roleArn = spec.Role.ToString();
        var response = await _sts.AssumeRoleAsync(
            new AssumeRoleRequest
            {
                RoleArn = roleArn,
                RoleSessionName = spec.SessionName,
                DurationSeconds = spec.DurationSeconds,
                ExternalId = spec.ExternalId,
                SerialNumber = spec.Mfa?.SerialNumber,
                TokenCode = spec.Mfa is null ? null : tokenCode,
            },
            ct);
        var issued = response.Credentials;
        if (issued is null || string.IsNullOrEmpty(issued.AccessKeyId) || string.IsNullOrEmpty(issued.SecretAccessKey))
        {
            throw new UnexpectedAwsResponseException($"sts:AssumeRole into {roleArn} answered without credentials.");
        }

        var assumedArn = response.AssumedRoleUser?.Arn ?? roleArn;
        var account = assumedArn.Split(':') is { Length: > 4 } parts ? parts[4] : "";
        return new AssumedRole(
            new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken),
            issued.Expiration,
            assumedArn,
            account);
    }
}

/// <summary>How a command assumes roles (from the shared options): an <see cref="AssumeRoleSpec"/> once the role is known.</summary>
public sealed record AssumeRoleSettings(string SessionName, int DurationSeconds, string? ExternalId = null, MfaDevice? Mfa = null)
{
    /// <summary>--mfa-serial and --mfa-code as given; the command turns them into <see cref="Mfa"/> once it knows the source.</summary>
    public MfaCommandLine MfaGiven { get; init; } = MfaCommandLine.None;

    /// <summary>--no-cache: neither read nor write the AWS CLI's credential cache.</summary>
    public bool NoCache { get; init; }

    public static AssumeRoleSettings Default { get; } = new(AssumeRoleSpec.DefaultSessionName, AssumeRoleSpec.DefaultDurationSeconds);

    public AssumeRoleSpec For(RoleArn role) => new(role, SessionName, DurationSeconds, ExternalId, Mfa);

    /// <summary>The text form never shows the external id: it is a shared secret.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"SessionName = {SessionName}, DurationSeconds = {DurationSeconds}, ExternalId = {(ExternalId is null ? "null" : "(sensitive value)")}, Mfa = {Mfa}");
        return true;
    }
}
