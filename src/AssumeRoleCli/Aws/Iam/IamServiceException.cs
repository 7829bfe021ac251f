using System.Net;
using Amazon.Runtime;

namespace AssumeRoleCli.Aws.Iam;

/// <summary>
/// Error returned by IAM. <see cref="AmazonServiceException.ErrorCode"/> carries IAM's code,
/// e.g. <c>NoSuchEntity</c>, <c>EntityAlreadyExists</c>, <c>AccessDenied</c>,
/// <c>DeleteConflict</c>, <c>MalformedPolicyDocument</c>, <c>LimitExceeded</c>.
/// </summary>
public sealed class IamServiceException : AmazonServiceException
{
    public IamServiceException()
    {
    }

    public IamServiceException(string message)
        : base(message)
    {
    }

    public IamServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IamServiceException(
        string message,
        Exception? innerException,
        ErrorType errorType,
        string? errorCode,
        string? requestId,
        HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
    }
}
