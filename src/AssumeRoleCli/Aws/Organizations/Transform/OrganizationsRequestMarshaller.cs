using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using AssumeRoleCli.Aws.Organizations.Model;

namespace AssumeRoleCli.Aws.Organizations.Transform;

/// <summary>
/// The one request marshaller for every Organizations operation (JSON 1.1 protocol): a POST to <c>/</c> naming the
/// operation in <c>X-Amz-Target</c>, its members as a JSON object.
/// </summary>
internal sealed class OrganizationsRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static OrganizationsRequestMarshaller Instance { get; } = new();

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        if (input is not OrganizationsRequest organizationsRequest)
        {
            throw new ArgumentException($"Expected an {nameof(OrganizationsRequest)}, got {input?.GetType().Name ?? "null"}.", nameof(input));
        }

        var request = new DefaultRequest(organizationsRequest, OrganizationsConfig.OrganizationsServiceId)
        {
            HttpMethod = "POST",
            ResourcePath = "/",
        };
        request.Headers["X-Amz-Target"] = $"{OrganizationsConfig.TargetPrefix}.{organizationsRequest.Operation}";
        request.Headers["Content-Type"] = "application/x-amz-json-1.1";

        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            organizationsRequest.WriteMembers(writer);
            writer.WriteEndObject();
        }

        request.Content = body.ToArray();
        return request;
    }
}
