using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;

namespace AssumeRoleCli.Aws.Iam.Internal;

/// <summary>
/// IAM endpoint rules. IAM is a global service: each partition has one endpoint and requests
/// must be signed for that partition's home region, whatever region the client is configured for.
/// </summary>
/// <remarks>
/// Every resolved endpoint carries an <c>authSchemes</c> attribute (sigv4, signing name
/// <c>iam</c>, pinned signing region) which <see cref="Amazon.Runtime.Internal.BaseEndpointResolver"/>
/// copies onto the request. That also holds for an endpoint override: a local emulator accepts
/// any region, real IAM behind a proxy only accepts the partition's signing region.
/// </remarks>
internal sealed class IamEndpointProvider : IEndpointProvider
{
    private const string DefaultPartition = "aws";

    private sealed record GlobalEndpoint(string Url, string SigningRegion, string? FipsUrl);

    private static readonly Dictionary<string, GlobalEndpoint> GlobalEndpoints = new(StringComparer.Ordinal)
    {
        ["aws"] = new("https://iam.amazonaws.com", "us-east-1", "https://iam-fips.amazonaws.com"),
        ["aws-cn"] = new("https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1", null),
        ["aws-us-gov"] = new("https://iam.us-gov.amazonaws.com", "us-gov-west-1", "https://iam.us-gov.amazonaws.com"),
        ["aws-iso"] = new("https://iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1", null),
        ["aws-iso-b"] = new("https://iam.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1", null),
    };

    public Endpoint ResolveEndpoint(EndpointParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var region = parameters["Region"] as string;
        var endpointOverride = parameters["Endpoint"] as string;
        var useFips = parameters["UseFIPS"] is true;
        var useDualStack = parameters["UseDualStack"] is true;

        var partitionInfo = string.IsNullOrEmpty(region) ? null : Fn.Partition(region);
        var partition = partitionInfo?.name ?? DefaultPartition;
        GlobalEndpoints.TryGetValue(partition, out var global);

        if (!string.IsNullOrEmpty(endpointOverride))
        {
            if (useFips)
            {
                throw new AmazonClientException("Invalid Configuration: FIPS and custom endpoint are not supported");
            }

            if (useDualStack)
            {
                throw new AmazonClientException("Invalid Configuration: Dualstack and custom endpoint are not supported");
            }

            return Create(endpointOverride, global?.SigningRegion ?? region ?? "us-east-1");
        }

        if (string.IsNullOrEmpty(region))
        {
            throw new AmazonClientException("Invalid Configuration: Missing Region");
        }

        if (useDualStack)
        {
            throw new AmazonClientException("DualStack is not supported for IAM by this client");
        }

        if (global is null)
        {
            // Partitions without a well-known global IAM endpoint: regional host name.
            var dnsSuffix = partitionInfo?.dnsSuffix ?? "amazonaws.com";
            if (useFips)
            {
                throw new AmazonClientException($"FIPS is not supported for IAM in partition {partition}");
            }

            return Create($"https://iam.{region}.{dnsSuffix}", region);
        }

        if (useFips)
        {
            return Create(
                global.FipsUrl ?? throw new AmazonClientException($"FIPS is not supported for IAM in partition {partition}"),
                global.SigningRegion);
        }

        return Create(global.Url, global.SigningRegion);
    }

    /// <summary>Builds the endpoint with its sigv4 auth scheme attributes (no JSON involved).</summary>
    internal static Endpoint Create(string url, string signingRegion)
    {
        var sigv4 = new PropertyBag
        {
            ["name"] = "sigv4",
            ["signingName"] = IamConfig.SigningName,
            ["signingRegion"] = signingRegion,
        };
        var attributes = new PropertyBag { ["authSchemes"] = new List<object> { sigv4 } };
        return new Endpoint(url) { Attributes = attributes };
    }
}
