using Amazon.Runtime.Endpoints;

namespace AssumeRoleCli.Aws.Organizations.Internal;

/// <summary>Inputs of <see cref="OrganizationsEndpointProvider"/> (same names as the Organizations endpoint ruleset).</summary>
internal sealed class OrganizationsEndpointParameters : EndpointParameters
{
    public OrganizationsEndpointParameters()
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

    /// <summary>Endpoint override (ServiceURL, AWS_ENDPOINT_URL[_ORGANIZATIONS], profile endpoint_url).</summary>
    public string? Endpoint
    {
        get => (string?)this[nameof(Endpoint)];
        set => this[nameof(Endpoint)] = value;
    }
}
