using AssumeRoleCli.Aws.Sdk;

namespace AssumeRoleCli.Aws.Organizations.Internal;

/// <summary>Inputs of <see cref="OrganizationsEndpointProvider"/> (same names as the Organizations endpoint ruleset).</summary>
internal sealed class OrganizationsEndpointParameters : GlobalServiceEndpointParameters;
