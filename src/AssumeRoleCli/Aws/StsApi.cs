using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace AssumeRoleCli.Aws;

/// <summary>STS, thinly: no decisions here, only calls, and a check that the answer is one AWS would give.</summary>
public interface IStsApi
{
    Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct);

    /// <param name="tokenCode">The MFA code for <see cref="AssumeRoleSpec.Mfa"/>; null without MFA.</param>
    Task<AssumedRole> AssumeRoleAsync(AssumeRoleSpec spec, string? tokenCode, CancellationToken ct);

    /// <summary>
    /// GetSessionToken with an MFA code: temporary credentials of the calling IAM user (long-term keys only) that carry
    /// MFA, so roles whose trust asks aws:MultiFactorAuthPresent can be assumed with them without another code.
    /// </summary>
    Task<SessionTokenCredentials> GetSessionTokenAsync(string serialNumber, string tokenCode, int durationSeconds, CancellationToken ct);
}

/// <summary>Credentials from GetSessionToken. Holds secrets: never print it.</summary>
public sealed record SessionTokenCredentials(AWSCredentials Credentials, DateTime? Expiration);

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
                SourceIdentity = spec.SourceIdentity,
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

    public async Task<SessionTokenCredentials> GetSessionTokenAsync(string serialNumber, string tokenCode, int durationSeconds, CancellationToken ct)
    {
        var response = await _sts.GetSessionTokenAsync(
            new GetSessionTokenRequest { SerialNumber = serialNumber, TokenCode = tokenCode, DurationSeconds = durationSeconds }, ct);
        var issued = response.Credentials;
        if (issued is null || string.IsNullOrEmpty(issued.AccessKeyId) || string.IsNullOrEmpty(issued.SecretAccessKey) || string.IsNullOrEmpty(issued.SessionToken))
        {
            throw new UnexpectedAwsResponseException("sts:GetSessionToken answered without credentials.");
        }

        return new SessionTokenCredentials(new SessionAWSCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken), issued.Expiration);
    }
}
