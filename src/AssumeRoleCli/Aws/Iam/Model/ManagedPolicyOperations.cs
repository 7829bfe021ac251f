using Amazon.Runtime;
using AssumeRoleCli.Aws.Iam.Transform;

namespace AssumeRoleCli.Aws.Iam.Model;

internal sealed class GetPolicyRequest : IamRequest
{
    public string? PolicyArn { get; set; }

    internal override string Action => "GetPolicy";

    internal override void WriteParameters(IDictionary<string, string> parameters)
        => parameters.AddIfSet("PolicyArn", PolicyArn);
}

internal sealed class GetPolicyResponse : AmazonWebServiceResponse
{
    public ManagedPolicy Policy { get; set; } = new();
}

internal sealed class ListPoliciesRequest : IamRequest
{
    /// <summary>One of <see cref="PolicyScopeType"/>: <c>AWS</c>, <c>Local</c> or <c>All</c> (IAM's default).</summary>
    public string? Scope { get; set; }

    public bool? OnlyAttached { get; set; }

    public string? PathPrefix { get; set; }

    public string? Marker { get; set; }

    public int? MaxItems { get; set; }

    internal override string Action => "ListPolicies";

    internal override void WriteParameters(IDictionary<string, string> parameters)
    {
        parameters.AddIfSet("Scope", Scope);
        parameters.AddIfSet("OnlyAttached", OnlyAttached);
        parameters.AddIfSet("PathPrefix", PathPrefix);
        parameters.AddIfSet("Marker", Marker);
        parameters.AddIfSet("MaxItems", MaxItems);
    }
}

internal sealed class ListPoliciesResponse : AmazonWebServiceResponse, IIamPagedResponse
{
    public List<ManagedPolicy> Policies { get; set; } = [];

    public bool IsTruncated { get; set; }

    public string? Marker { get; set; }
}
