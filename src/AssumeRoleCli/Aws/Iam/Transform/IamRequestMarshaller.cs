using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Util;
using AssumeRoleCli.Aws.Iam.Model;

namespace AssumeRoleCli.Aws.Iam.Transform;

/// <summary>
/// The one request marshaller for every IAM operation: a form-encoded POST carrying
/// <c>Action</c>, <c>Version</c> and the request's own parameters.
/// </summary>
internal sealed class IamRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static IamRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        if (input is not IamRequest iamRequest)
        {
            throw new ArgumentException($"Expected an {nameof(IamRequest)}, got {input?.GetType().Name ?? "null"}.", nameof(input));
        }

        var request = new DefaultRequest(iamRequest, IamConfig.IamServiceId) { HttpMethod = "POST" };
        request.Parameters["Action"] = iamRequest.Action;
        request.Parameters["Version"] = IamConfig.IamServiceVersion;
        iamRequest.WriteParameters(request.Parameters);
        request.ContentStream = AWSSDKUtils.WriteParametersToPooledStream(request);
        return request;
    }
}
