using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using static Amazon.Runtime.Internal.Endpoints.StandardLibrary.Fn;

namespace AssumeRoleCli.Aws.Iam.Internal;

/// <summary>
/// IAM's endpoint rules (<c>iam/2010-05-08/endpoint-rule-set-1.json</c>), evaluated rule by rule in the rule
/// set's order, the way the SDK generates its providers (see AmazonSecurityTokenServiceEndpointProvider): a refs
/// dictionary, the rules' standard library (<c>Partition</c>, <c>GetAttr</c>, <c>Interpolate</c>) and the rules'
/// own error texts, thrown as <see cref="AmazonClientException"/>.
/// </summary>
/// <remarks>
/// IAM has one endpoint per partition and is signed for that partition's global region, whatever region the client
/// is in. The authSchemes hold what the rules give (sigv4 and the signing region); the signing name then comes
/// from <see cref="ClientConfig.AuthenticationServiceName"/>. An endpoint override carries no authSchemes, as in
/// the rules, so the SDK signs it as it does for its generated clients (AuthenticationRegion, else the region in
/// the URL, else us-east-1). iam-endpoint-cases.json, made from botocore by scripts/gen_iam_endpoint_table.py,
/// checks every rule.
/// </remarks>
internal sealed class IamEndpointProvider : IEndpointProvider
{
    private const string NoHeaders = "";

    /// <summary>The rule set's partition-specific endpoints, in rule order (the first match wins).</summary>
    private static readonly PartitionEndpointRule[] PartitionEndpointRules =
    [
        new("aws", UseFips: false, UseDualStack: true, "https://iam.global.api.aws", "us-east-1"),
        new("aws", UseFips: true, UseDualStack: true, "https://iam-fips.global.api.aws", "us-east-1"),
        new("aws-cn", UseFips: false, UseDualStack: true, "https://iam.global.api.amazonwebservices.com.cn", "cn-north-1"),
        new("aws-cn", UseFips: false, UseDualStack: false, "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        new("aws-us-gov", UseFips: false, UseDualStack: true, "https://iam.us-gov.api.aws", "us-gov-west-1"),
        new("aws-us-gov", UseFips: true, UseDualStack: true, "https://iam.us-gov.api.aws", "us-gov-west-1"),
        new("aws-us-gov", UseFips: false, UseDualStack: false, "https://iam.us-gov.amazonaws.com", "us-gov-west-1"),
        new("aws-us-gov", UseFips: true, UseDualStack: false, "https://iam.us-gov.amazonaws.com", "us-gov-west-1"),
        new("aws-iso", UseFips: false, UseDualStack: false, "https://iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"),
        new("aws-iso", UseFips: true, UseDualStack: false, "https://iam-fips.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"),
        new("aws-iso-b", UseFips: false, UseDualStack: false, "https://iam.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),
        new("aws-iso-b", UseFips: true, UseDualStack: false, "https://iam-fips.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),
        new("aws-iso-e", UseFips: false, UseDualStack: false, "https://iam.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1"),
        new("aws-iso-f", UseFips: false, UseDualStack: false, "https://iam.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1"),
        new("aws-eusc", UseFips: false, UseDualStack: false, "https://iam.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1"),
    ];

    /// <summary>
    /// The region IAM is signed for from <paramref name="region"/>: its partition's global region (us-east-1,
    /// cn-north-1, us-gov-west-1...), as the rules give it. Named on the client so that requests sent to an endpoint
    /// override are signed for it too, instead of the SDK searching the region chain (the profile files) per request.
    /// </summary>
    public static string? SigningRegionFor(string region)
    {
        var endpoint = new IamEndpointProvider().ResolveEndpoint(new IamEndpointParameters { Region = region });
        return endpoint.Attributes?["authSchemes"] is IList<object> { Count: > 0 } schemes && schemes[0] is IPropertyBag scheme
            ? scheme["signingRegion"] as string
            : null;
    }

    public Endpoint ResolveEndpoint(EndpointParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters["UseDualStack"] == null)
        {
            throw new AmazonClientException("UseDualStack parameter must be set for endpoint resolution");
        }

        if (parameters["UseFIPS"] == null)
        {
            throw new AmazonClientException("UseFIPS parameter must be set for endpoint resolution");
        }

        var refs = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Region"] = parameters["Region"],
            ["UseDualStack"] = parameters["UseDualStack"],
            ["UseFIPS"] = parameters["UseFIPS"],
            ["Endpoint"] = parameters["Endpoint"],
        };

        if (IsSet(refs["Endpoint"]))
        {
            if (Equals(refs["UseFIPS"], true))
            {
                throw new AmazonClientException("Invalid Configuration: FIPS and custom endpoint are not supported");
            }

            if (Equals(refs["UseDualStack"], true))
            {
                throw new AmazonClientException("Invalid Configuration: Dualstack and custom endpoint are not supported");
            }

            return new Endpoint((string)refs["Endpoint"]!, InterpolateJson("", refs), NoHeaders);
        }

        if (IsSet(refs["Region"]) && (refs["PartitionResult"] = Partition((string)refs["Region"]!)) != null)
        {
            return ResolveInPartition(refs);
        }

        throw new AmazonClientException("Invalid Configuration: Missing Region");
    }

    /// <summary>The rules under <c>aws.partition(Region)</c>: pinned endpoints first, then the partition's own.</summary>
    private static Endpoint ResolveInPartition(Dictionary<string, object?> refs)
    {
        var partition = refs["PartitionResult"];
        foreach (var rule in PartitionEndpointRules)
        {
            if (Equals(GetAttr(partition, "name"), rule.PartitionName)
                && Equals(refs["UseFIPS"], rule.UseFips)
                && Equals(refs["UseDualStack"], rule.UseDualStack))
            {
                return new Endpoint(rule.Url, SigV4(rule.SigningRegion, refs), NoHeaders);
            }
        }

        if (Equals(refs["UseFIPS"], true) && Equals(refs["UseDualStack"], true))
        {
            if (Equals(true, GetAttr(partition, "supportsFIPS")) && Equals(true, GetAttr(partition, "supportsDualStack")))
            {
                return PartitionGlobal("https://iam-fips.{PartitionResult#dualStackDnsSuffix}", refs);
            }

            throw new AmazonClientException("FIPS and DualStack are enabled, but this partition does not support one or both");
        }

        if (Equals(refs["UseFIPS"], true) && Equals(refs["UseDualStack"], false))
        {
            if (Equals(GetAttr(partition, "supportsFIPS"), true))
            {
                return PartitionGlobal("https://iam-fips.{PartitionResult#dnsSuffix}", refs);
            }

            throw new AmazonClientException("FIPS is enabled but this partition does not support FIPS");
        }

        if (Equals(refs["UseFIPS"], false) && Equals(refs["UseDualStack"], true))
        {
            if (Equals(true, GetAttr(partition, "supportsDualStack")))
            {
                return PartitionGlobal("https://iam.{PartitionResult#dualStackDnsSuffix}", refs);
            }

            throw new AmazonClientException("DualStack is enabled but this partition does not support DualStack");
        }

        return PartitionGlobal("https://iam.{PartitionResult#dnsSuffix}", refs);
    }

    /// <summary>An endpoint of the partition itself, signed for its implicit global region.</summary>
    private static Endpoint PartitionGlobal(string urlTemplate, Dictionary<string, object?> refs)
        => new(Interpolate(urlTemplate, refs), SigV4("{PartitionResult#implicitGlobalRegion}", refs), NoHeaders);

    /// <summary>The rules' <c>authSchemes</c> property: sigv4 with a signing region (a literal or a template).</summary>
    private static string SigV4(string signingRegionTemplate, Dictionary<string, object?> refs)
        => InterpolateJson(
            $$"""{"authSchemes":[{"name":"sigv4","signingRegion":"{{signingRegionTemplate}}"}]}""",
            refs);

    private sealed record PartitionEndpointRule(
        string PartitionName, bool UseFips, bool UseDualStack, string Url, string SigningRegion);
}
