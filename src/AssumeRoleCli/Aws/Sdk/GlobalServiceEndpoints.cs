using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using static Amazon.Runtime.Internal.Endpoints.StandardLibrary.Fn;

namespace AssumeRoleCli.Aws.Sdk;

/// <summary>Inputs of a <see cref="GlobalServiceEndpointProvider"/>: the names its rule sets use.</summary>
internal abstract class GlobalServiceEndpointParameters : EndpointParameters
{
    protected GlobalServiceEndpointParameters()
    {
        UseDualStack = false;
        UseFIPS = false;
    }

    public string? Region
    {
        get => (string?)this[nameof(Region)];
        set => this[nameof(Region)] = value;
    }

    public bool? UseDualStack
    {
        get => (bool?)this[nameof(UseDualStack)];
        set => this[nameof(UseDualStack)] = value;
    }

    public bool? UseFIPS
    {
        get => (bool?)this[nameof(UseFIPS)];
        set => this[nameof(UseFIPS)] = value;
    }

    /// <summary>Endpoint override (ServiceURL, AWS_ENDPOINT_URL[_SERVICE], profile endpoint_url).</summary>
    public string? Endpoint
    {
        get => (string?)this[nameof(Endpoint)];
        set => this[nameof(Endpoint)] = value;
    }
}

/// <summary>
/// The endpoint rules global services share (IAM, Organizations), evaluated rule by rule in their rule sets' order,
/// the way the SDK generates its providers (see AmazonSecurityTokenServiceEndpointProvider): a refs dictionary, the
/// rules' standard library (<c>Partition</c>, <c>GetAttr</c>, <c>Interpolate</c>) and the rules' own error texts,
/// thrown as <see cref="AmazonClientException"/>. An endpoint override first; then, in the region's partition, the
/// service's pinned endpoints (the first match wins); then the service's own FIPS / dual-stack / plain endpoint.
/// </summary>
internal abstract class GlobalServiceEndpointProvider : IEndpointProvider
{
    protected const string NoHeaders = "";

    /// <summary>The rule set's pinned endpoints, in rule order.</summary>
    protected abstract IReadOnlyList<PinnedEndpoint> Pinned { get; }

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

    /// <summary>The signing region the rules give for <paramref name="parameters"/>; null where they give none.</summary>
    protected string? SigningRegionOf(EndpointParameters parameters) =>
        ResolveEndpoint(parameters).Attributes?["authSchemes"] is IList<object> { Count: > 0 } schemes && schemes[0] is IPropertyBag scheme
            ? scheme["signingRegion"] as string
            : null;

    /// <summary>A pinned endpoint's <c>authSchemes</c> property.</summary>
    protected abstract string PinnedAuthSchemes(string signingRegion);

    /// <summary>The service's own endpoint URL template, when no pinned one matches.</summary>
    protected abstract string UrlTemplate(bool fips, bool dualStack);

    /// <summary>The service's own endpoint from <see cref="UrlTemplate"/> (and how the rules sign it).</summary>
    protected abstract Endpoint Unpinned(string urlTemplate, Dictionary<string, object?> refs);

    /// <summary>The rules' <c>authSchemes</c> property: sigv4 with a signing region (a literal or a template) and, where the rules name one, a signing name.</summary>
    protected static string SigV4Json(string signingRegion, string? signingName = null) =>
        signingName is null
            ? $$"""{"authSchemes":[{"name":"sigv4","signingRegion":"{{signingRegion}}"}]}"""
            : $$"""{"authSchemes":[{"name":"sigv4","signingName":"{{signingName}}","signingRegion":"{{signingRegion}}"}]}""";

    /// <summary>The rules under <c>aws.partition(Region)</c>: pinned endpoints first, then the service's own.</summary>
    private Endpoint ResolveInPartition(Dictionary<string, object?> refs)
    {
        var partition = refs["PartitionResult"];
        foreach (var pinned in Pinned)
        {
            if (Equals(GetAttr(partition, "name"), pinned.PartitionName)
                && Equals(refs["UseFIPS"], pinned.UseFips)
                && Equals(refs["UseDualStack"], pinned.UseDualStack))
            {
                return new Endpoint(pinned.Url, InterpolateJson(PinnedAuthSchemes(pinned.SigningRegion), refs), NoHeaders);
            }
        }

        var fips = Equals(refs["UseFIPS"], true);
        var dualStack = Equals(refs["UseDualStack"], true);
        if (fips && dualStack)
        {
            if (Equals(true, GetAttr(partition, "supportsFIPS")) && Equals(true, GetAttr(partition, "supportsDualStack")))
            {
                return Unpinned(UrlTemplate(fips: true, dualStack: true), refs);
            }

            throw new AmazonClientException("FIPS and DualStack are enabled, but this partition does not support one or both");
        }

        if (fips)
        {
            if (Equals(GetAttr(partition, "supportsFIPS"), true))
            {
                return Unpinned(UrlTemplate(fips: true, dualStack: false), refs);
            }

            throw new AmazonClientException("FIPS is enabled but this partition does not support FIPS");
        }

        if (dualStack)
        {
            if (Equals(true, GetAttr(partition, "supportsDualStack")))
            {
                return Unpinned(UrlTemplate(fips: false, dualStack: true), refs);
            }

            throw new AmazonClientException("DualStack is enabled but this partition does not support DualStack");
        }

        return Unpinned(UrlTemplate(fips: false, dualStack: false), refs);
    }
}

/// <summary>One pinned endpoint of a rule set: partition, FIPS and dual-stack as matched, the URL, the signing region.</summary>
internal sealed record PinnedEndpoint(string PartitionName, bool UseFips, bool UseDualStack, string Url, string SigningRegion);
