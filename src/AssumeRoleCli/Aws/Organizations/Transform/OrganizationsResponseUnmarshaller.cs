using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace AssumeRoleCli.Aws.Organizations.Transform;

/// <summary>
/// The one response unmarshaller for every Organizations operation: parses the body into a <see cref="JsonDocument"/>
/// and hands its root object to a per-operation mapping function. Errors (<c>__type</c> / <c>x-amzn-ErrorType</c>)
/// go through the SDK's <see cref="JsonErrorResponseUnmarshaller"/> into an <see cref="OrganizationsServiceException"/>,
/// so the SDK's retry policy sees their codes (TooManyRequestsException is one of its throttling codes).
/// </summary>
internal sealed class OrganizationsResponseUnmarshaller<TResponse> : JsonResponseUnmarshaller
    where TResponse : AmazonWebServiceResponse
{
    private readonly Func<JsonElement, TResponse> _map;

    public OrganizationsResponseUnmarshaller(Func<JsonElement, TResponse> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _map = map;
    }

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var document = input.Stream.CanSeek && input.Stream.Length == 0
            ? JsonDocument.Parse("{}")
            : JsonDocument.Parse(input.Stream);
        var response = _map(document.RootElement);
        var requestId = input.ResponseData?.GetHeaderValue("x-amzn-RequestId");
        if (!string.IsNullOrEmpty(requestId))
        {
            response.ResponseMetadata ??= new ResponseMetadata();
            response.ResponseMetadata.RequestId = requestId;
        }

        return response;
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reader = new StreamingUtf8JsonReader(input.Stream);
        var error = JsonErrorResponseUnmarshaller.GetInstance().Unmarshall(input, ref reader);
        return new OrganizationsServiceException(
            error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode);
    }
}
