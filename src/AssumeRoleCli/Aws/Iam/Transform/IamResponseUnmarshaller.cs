using System.Net;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;

namespace AssumeRoleCli.Aws.Iam.Transform;

/// <summary>
/// The one response unmarshaller for every IAM operation: reads the body into an
/// <see cref="XElement"/> tree, hands <c>&lt;{Action}Result&gt;</c> to a per-operation mapping
/// function and fills <see cref="ResponseMetadata.RequestId"/>. Errors go through the SDK's
/// <see cref="XmlErrorResponseUnmarshaller"/> into an <see cref="IamServiceException"/>.
/// </summary>
internal sealed class IamResponseUnmarshaller<TResponse> : XmlResponseUnmarshaller
    where TResponse : AmazonWebServiceResponse
{
    private readonly string _resultElementName;
    private readonly Func<XElement?, TResponse> _map;

    public IamResponseUnmarshaller(string action, Func<XElement?, TResponse> map)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentNullException.ThrowIfNull(map);
        _resultElementName = action + "Result";
        _map = map;
    }

    public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext input)
    {
        var root = XmlTree.Read(input);
        var response = _map(root?.Element(_resultElementName));
        var requestId = root?.Element("ResponseMetadata")?.Element("RequestId")?.Value;
        if (!string.IsNullOrEmpty(requestId))
        {
            response.ResponseMetadata ??= new ResponseMetadata();
            response.ResponseMetadata.RequestId = requestId;
        }

        return response;
    }

    public override AmazonServiceException UnmarshallException(
        XmlUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        var error = XmlErrorResponseUnmarshaller.GetInstance().Unmarshall(input);
        return new IamServiceException(
            error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode);
    }
}
