using System.Diagnostics;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.SecurityToken.Model;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Aws.Organizations.Model;

namespace AssumeRoleCli.Aws.Calls;

/// <summary>
/// A handler in the SDK's own pipeline, inside its retry loop (so it sees every attempt, signed): reports each
/// attempt to the <see cref="AwsCallLog"/>, tags each failure with the call that raised it, and learns who each
/// access key is from STS's answers. It reads only the signing key's id, never a secret or a token.
/// </summary>
internal sealed class AwsCallObserver : PipelineHandler
{
    private readonly AwsCallLog _log;
    private readonly string _service;
    private readonly string _region;
    private readonly string _who;

    /// <param name="service">The IAM action prefix: sts, iam, ec2, organizations.</param>
    public AwsCallObserver(AwsCallLog log, string service, AwsSession session)
    {
        _log = log;
        _service = service;
        _region = session.Region.SystemName;
        _who = session.Who;
    }

    public override void InvokeSync(IExecutionContext executionContext)
    {
        var started = Stopwatch.GetTimestamp();
        var attempt = executionContext.RequestContext.Retries + 1;
        try
        {
            base.InvokeSync(executionContext);
        }
        catch (Exception error)
        {
            _log.Failed(error, Describe(executionContext, attempt, started, error));
            throw;
        }

        Succeeded(executionContext, attempt, started);
    }

    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        var started = Stopwatch.GetTimestamp();
        var attempt = executionContext.RequestContext.Retries + 1;
        T response;
        try
        {
            response = await base.InvokeAsync<T>(executionContext);
        }
        catch (Exception error)
        {
            _log.Failed(error, Describe(executionContext, attempt, started, error));
            throw;
        }

        Succeeded(executionContext, attempt, started);
        return response;
    }

    private void Succeeded(IExecutionContext executionContext, int attempt, long started)
    {
        switch (executionContext.ResponseContext.Response)
        {
            case GetCallerIdentityResponse caller:
                _log.LearnIdentity(AccessKeyIdOf(executionContext.RequestContext.Request), caller.Arn);
                break;
            case AssumeRoleResponse assumed:
                _log.LearnIdentity(assumed.Credentials?.AccessKeyId, assumed.AssumedRoleUser?.Arn);
                break;
        }

        _log.Completed(Describe(executionContext, attempt, started, error: null));
    }

    private AwsCallRecord Describe(IExecutionContext executionContext, int attempt, long started, Exception? error)
    {
        var request = executionContext.RequestContext;
        var accessKeyId = AccessKeyIdOf(request.Request);
        var response = executionContext.ResponseContext;
        var (status, requestId, code, failure) = error switch
        {
            null => ((int?)response.HttpResponse?.StatusCode, response.Response?.ResponseMetadata?.RequestId, null, null),
            AmazonServiceException aws => (aws.StatusCode == 0 ? null : (int?)aws.StatusCode, aws.RequestId, aws.ErrorCode, null),
            _ => ((int?)null, (string?)null, (string?)null, error.Message),
        };
        return new AwsCallRecord(
            _service,
            OperationOf(request),
            _region,
            _log.IdentityOf(accessKeyId) ?? _who,
            accessKeyId is null ? null : AwsCallRecord.MaskAccessKeyId(accessKeyId),
            attempt,
            status,
            Stopwatch.GetElapsedTime(started),
            string.IsNullOrEmpty(requestId) ? null : requestId,
            string.IsNullOrEmpty(code) ? null : code,
            failure);
    }

    private static string OperationOf(IRequestContext request)
    {
        if (request.OriginalRequest is IamRequest iam)
        {
            return iam.Action;
        }

        if (request.OriginalRequest is OrganizationsRequest organizations)
        {
            return organizations.Operation;
        }

        var name = request.RequestName ?? request.OriginalRequest?.GetType().Name ?? "unknown";
        return name.EndsWith("Request", StringComparison.Ordinal) ? name[..^"Request".Length] : name;
    }

    /// <summary>The id of the key that signed the request (from SigV4's result, else its Authorization header).</summary>
    private static string? AccessKeyIdOf(IRequest? request)
    {
        if (request?.AWS4SignerResult?.AccessKeyId is { Length: > 0 } signed)
        {
            return signed;
        }

        const string marker = "Credential=";
        var authorization = request?.Headers is { } headers && headers.TryGetValue("Authorization", out var value) ? value : null;
        var start = authorization?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        if (authorization is null || start < 0)
        {
            return null;
        }

        start += marker.Length;
        var end = authorization.IndexOf('/', start);
        return end > start ? authorization[start..end] : null;
    }
}
