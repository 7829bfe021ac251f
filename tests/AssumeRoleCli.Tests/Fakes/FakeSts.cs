using Amazon.Runtime;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Tests.Fakes;

/// <summary>STS in memory: a fixed identity, and AssumeRole answers scripted per call (success by default).</summary>
internal sealed class FakeSts : IStsApi
{
    private readonly Queue<Func<AssumeRoleSpec, AssumedRole>> _answers = new();

    public FakeSts(CallerIdentity identity)
    {
        Identity = identity;
    }

    public CallerIdentity Identity { get; }

    /// <summary>The credentials every successful AssumeRole hands out.</summary>
    public AWSCredentials Issued { get; } = new SessionAWSCredentials("ASIAFAKE", "fake-secret", "fake-token");

    /// <summary>When the credentials every successful AssumeRole hands out expire (null: not said).</summary>
    public DateTime? IssuedExpiration { get; set; }

    /// <summary>When set, every AssumeRole fails with it (after the scripted answers are used up).</summary>
    public AmazonServiceException? AssumeError { get; set; }

    /// <summary>"AssumeRole ARN SESSION" per call.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>What each AssumeRole was asked with, and the MFA code it carried.</summary>
    public List<(AssumeRoleSpec Spec, string? TokenCode)> Requests { get; } = [];

    public int AssumeRoleCalls => Requests.Count;

    /// <summary>The credentials every GetSessionToken hands out (expiring at <see cref="IssuedExpiration"/>).</summary>
    public AWSCredentials SessionIssued { get; } = new SessionAWSCredentials("ASIAFAKESESSION", "fake-session-secret", "fake-session-token");

    /// <summary>What each GetSessionToken was asked with.</summary>
    public List<(string SerialNumber, string TokenCode, int DurationSeconds)> SessionTokenRequests { get; } = [];

    /// <summary>The next AssumeRole calls fail with <paramref name="errorCode"/>, <paramref name="times"/> times.</summary>
    public FakeSts FailAssumeRole(string errorCode, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _answers.Enqueue(_ => throw new AmazonServiceException($"{errorCode} from the fake") { ErrorCode = errorCode });
        }

        return this;
    }

    /// <summary>How many times GetCallerIdentity was asked.</summary>
    public int GetCallerIdentityCalls { get; private set; }

    public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken ct)
    {
        GetCallerIdentityCalls++;
        return Task.FromResult(Identity);
    }

    public Task<SessionTokenCredentials> GetSessionTokenAsync(string serialNumber, string tokenCode, int durationSeconds, CancellationToken ct)
    {
        Calls.Add($"GetSessionToken {serialNumber}");
        SessionTokenRequests.Add((serialNumber, tokenCode, durationSeconds));
        return Task.FromResult(new SessionTokenCredentials(SessionIssued, IssuedExpiration));
    }

    public Task<AssumedRole> AssumeRoleAsync(AssumeRoleSpec spec, string? tokenCode, CancellationToken ct)
    {
        Calls.Add($"AssumeRole {spec.Role} {spec.SessionName}");
        Requests.Add((spec, tokenCode));
        if (_answers.Count > 0)
        {
            try
            {
                return Task.FromResult(_answers.Dequeue()(spec));
            }
            catch (AmazonServiceException error)
            {
                return Task.FromException<AssumedRole>(error);
            }
        }

        return AssumeError is null
            ? Task.FromResult(new AssumedRole(Issued, IssuedExpiration, $"arn:aws:sts::{spec.Role.AccountId}:assumed-role/{spec.Role.RoleName}/{spec.SessionName}", spec.Role.AccountId))
            : Task.FromException<AssumedRole>(AssumeError);
    }
}
