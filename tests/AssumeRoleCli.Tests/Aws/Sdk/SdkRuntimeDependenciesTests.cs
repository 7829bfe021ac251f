using Amazon;
using Amazon.Runtime.Internal;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;
using Amazon.SSO;
using Amazon.SSOOIDC;
using AssumeRoleCli.Aws.Sdk;

namespace AssumeRoleCli.Tests.Aws.Sdk;

/// <summary>The SDK's own providers find their clients in the runtime registry (what Native AOT needs) once Program registered them.</summary>
public sealed class SdkRuntimeDependenciesTests
{
    [Fact]
    public void AfterRegister_TheSdkGetsSsoAndSsoOidcClientsInTheRegionItAsksFor()
    {
        SdkRuntimeDependencies.Register();

        var sso = Assert.IsType<AmazonSSOClient>(SSOServiceClientHelpers.BuildSSOClient(RegionEndpoint.EUWest1));
        var oidc = Assert.IsType<AmazonSSOOIDCClient>(SSOServiceClientHelpers.BuildSSOIDCClient(RegionEndpoint.APSouth1));

        Assert.Equal(RegionEndpoint.EUWest1, sso.Config.RegionEndpoint);
        Assert.Equal(RegionEndpoint.APSouth1, oidc.Config.RegionEndpoint);
    }

    [Fact]
    public void AfterRegister_WebIdentityGetsAnStsClient_ButAssumeRoleWithUnknownSourceCredentialsIsRefused()
    {
        SdkRuntimeDependencies.Register();
        var registry = GlobalRuntimeDependencyRegistry.Instance;
        const string assembly = "AWSSDK.SecurityToken";
        const string type = "Amazon.SecurityToken.AmazonSecurityTokenServiceClient";

        var webIdentity = registry.GetInstance<AmazonSecurityTokenServiceClient>(assembly, type, new CreateInstanceContext(new SecurityTokenServiceClientContext
        {
            Action = SecurityTokenServiceClientContext.ActionContext.AssumeRoleWithWebIdentityCredentials,
            Region = RegionEndpoint.USWest2,
        }));

        Assert.Equal(RegionEndpoint.USWest2, webIdentity.Config.RegionEndpoint);
        Assert.Throws<InvalidOperationException>(() => registry.GetInstance<AmazonSecurityTokenServiceClient>(assembly, type, new CreateInstanceContext(
            new SecurityTokenServiceClientContext { Action = SecurityTokenServiceClientContext.ActionContext.AssumeRoleAWSCredentials, Region = RegionEndpoint.USWest2 })));
    }
}
