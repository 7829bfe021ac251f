using System.Net;
using Amazon.Runtime;

namespace AssumeRoleCli.Aws.Organizations;

/// <summary>
/// Error returned by AWS Organizations. <see cref="AmazonServiceException.ErrorCode"/> carries its code, e.g.
/// <c>AWSOrganizationsNotInUseException</c>, <c>AccessDeniedException</c>, <c>TooManyRequestsException</c>.
/// </summary>
public sealed class OrganizationsServiceException : AmazonServiceException
{
    public OrganizationsServiceException()
    {
    }

    public OrganizationsServiceException(string message)
        : base(message)
    {
    }

    public OrganizationsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OrganizationsServiceException(
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
