using AssumeRoleCli.Aws.Sdk;

namespace AssumeRoleCli.Aws.Iam.Internal;

/// <summary>Inputs of <see cref="IamEndpointProvider"/> (same names as the IAM endpoint ruleset).</summary>
internal sealed class IamEndpointParameters : GlobalServiceEndpointParameters;
