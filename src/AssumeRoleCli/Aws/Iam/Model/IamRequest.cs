using Amazon.Runtime;

namespace AssumeRoleCli.Aws.Iam.Model;

/// <summary>
/// Base class of every IAM request. A request knows its Query-protocol action and writes its
/// own parameters; one generic marshaller does the rest.
/// </summary>
internal abstract class IamRequest : AmazonWebServiceRequest
{
    /// <summary>The Query-protocol <c>Action</c> (e.g. <c>GetRole</c>).</summary>
    internal abstract string Action { get; }

    /// <summary>Adds this request's parameters (Action/Version are added by the marshaller).</summary>
    internal abstract void WriteParameters(IDictionary<string, string> parameters);
}
