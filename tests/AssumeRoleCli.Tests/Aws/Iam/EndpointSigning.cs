using System.Collections;
using Amazon.Runtime.Endpoints;

namespace AssumeRoleCli.Tests.Aws.Iam;

/// <summary>How the SDK pipeline would sign for a resolved endpoint (what BaseEndpointResolver reads from it).</summary>
internal sealed record EndpointSigning(string? Scheme, string? Region, string? Name)
{
    /// <summary>The endpoint's first auth scheme; its signing name, when absent, is the config's service name.</summary>
    public static EndpointSigning Of(Endpoint endpoint, string authenticationServiceName)
    {
        var schemes = endpoint.Attributes?["authSchemes"] as IList;
        if (schemes is null || schemes.Count == 0)
        {
            return new EndpointSigning(null, null, authenticationServiceName);
        }

        var scheme = (PropertyBag)schemes[0]!;
        return new EndpointSigning(
            (string?)scheme["name"],
            (string?)scheme["signingRegion"],
            (string?)scheme["signingName"] ?? authenticationServiceName);
    }
}
