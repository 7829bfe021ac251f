using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace AssumeRoleCli.Aws.Iam.Internal;

/// <summary>
/// The SDK's standard retry policy (exponential backoff with full jitter, at most 20 s between attempts, the shared
/// retry quota) with more attempts for throttling: an account whose IAM is busy with other automation throttles for
/// longer than the standard 3 attempts last (Terraform's AWS provider retries up to 25 times). Every other retryable
/// failure (a 5xx, a lost connection, a timeout) keeps the configured attempts (3 by default), so an unreachable or
/// broken endpoint still fails in seconds.
/// </summary>
internal sealed class IamRetryPolicy : StandardRetryPolicy
{
    /// <summary>Retries of a throttled call: its backoff is at most 1+2+4+8+16 s and then 20 s each, about 2 minutes in all.</summary>
    public const int ThrottlingRetries = 10;

    private readonly int _otherRetries;

    public IamRetryPolicy(IClientConfig config)
        : base(config)
    {
        _otherRetries = MaxRetries; // the config's MaxErrorRetry: AWS_MAX_ATTEMPTS / max_attempts, or the standard mode's 2
        MaxRetries = Math.Max(ThrottlingRetries, _otherRetries);
    }

    public override bool RetryForException(IExecutionContext executionContext, Exception exception) =>
        WithinLimitFor(executionContext, exception) && base.RetryForException(executionContext, exception);

    public override Task<bool> RetryForExceptionAsync(IExecutionContext executionContext, Exception exception) =>
        WithinLimitFor(executionContext, exception) ? base.RetryForExceptionAsync(executionContext, exception) : Task.FromResult(false);

    private bool WithinLimitFor(IExecutionContext executionContext, Exception exception) =>
        IsThrottlingError(exception) || executionContext.RequestContext.Retries < _otherRetries;
}
