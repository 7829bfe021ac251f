using Amazon.Runtime.Endpoints;

namespace AssumeRoleCli.Aws.Iam.Internal;

/// <summary>Inputs of <see cref="IamEndpointProvider"/> (same names as the IAM endpoint ruleset).</summary>
internal sealed class IamEndpointParameters : EndpointParameters
{
    public IamEndpointParameters()
    {
        UseDualStack = false;
        UseFIPS = false;
    }

    public string? Region
    {
        get => (string?)this[nameof(Region)];
        set => this[nameof(Region)] = value;
    }

    public bool UseDualStack
    {
        get => (bool)this[nameof(UseDualStack)];
        set => this[nameof(UseDualStack)] = value;
    }

    public bool UseFIPS
    {
        get => (bool)this[nameof(UseFIPS)];
        set => this[nameof(UseFIPS)] = value;
    }

    /// <summary>Endpoint override (ServiceURL, AWS_ENDPOINT_URL[_IAM], profile endpoint_url).</summary>
    public string? Endpoint
    {
        get => (string?)this[nameof(Endpoint)];
        set => this[nameof(Endpoint)] = value;
    }
}
