using System.Text.Json;
using Amazon.Runtime;

namespace AssumeRoleCli.Aws.Organizations.Model;

/// <summary>
/// Base class of every Organizations request. A request knows its JSON 1.1 operation name and writes its own members;
/// one generic marshaller does the rest.
/// </summary>
internal abstract class OrganizationsRequest : AmazonWebServiceRequest
{
    /// <summary>The operation, sent as <c>X-Amz-Target: AWSOrganizationsV20161128.{Operation}</c>.</summary>
    internal abstract string Operation { get; }

    /// <summary>Writes this request's members into the body's JSON object (members left unset are not written).</summary>
    internal abstract void WriteMembers(Utf8JsonWriter writer);
}
