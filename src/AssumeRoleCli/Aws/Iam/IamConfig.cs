using AssumeRoleCli.Aws.Iam.Internal;
using AssumeRoleCli.Aws.Sdk;

namespace AssumeRoleCli.Aws.Iam;

/// <summary>
/// Configuration for <see cref="IamClient"/>, shaped like a generated AWSSDK service config
/// (the real AWSSDK.IdentityManagement package is not available from our package source).
/// </summary>
internal sealed class IamConfig() : GlobalServiceConfig<IamEndpointResolver>(IamServiceId, SigningName, IamServiceVersion, new IamEndpointProvider())
{
    internal const string IamServiceId = "IAM";
    internal const string IamServiceVersion = "2010-05-08";
    internal const string SigningName = "iam";
}
