using Amazon.Runtime;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;
using Amazon.SSO;
using Amazon.SSOOIDC;

namespace AssumeRoleCli.Aws.Sdk;

/// <summary>
/// Gives the SDK the service clients its own credential providers load by reflection, which Native AOT cannot do (the
/// SDK then fails with "... RegisterSSOOIDCClient"). Called once at start-up, from Program, as the SDK requires of a
/// trimmed application. Our own profile paths do not depend on it: role, web-identity and SSO profiles get their
/// clients from <see cref="AwsClientFactory"/>, because the registry's factories are process-wide and told only a
/// region, not the profile (its endpoint_url) nor, for AssumeRole, whose credentials must sign. It keeps any other SDK
/// path that needs STS (unsigned: web identity, SAML), SSO or SSO-OIDC (its SSOAWSCredentials, login and logout helpers)
/// working in the AOT binary; an SDK AssumeRole that would need source credentials from it fails loudly instead.
/// </summary>
public static class SdkRuntimeDependencies
{
    private static readonly Lazy<bool> Registered = new(RegisterOnce);

    public static void Register() => _ = Registered.Value;

    private static bool RegisterOnce()
    {
        var registry = GlobalRuntimeDependencyRegistry.Instance;
        registry.RegisterSecurityTokenServiceClient(context => context.SecurityTokenServiceClientContextData.Action switch
        {
            SecurityTokenServiceClientContext.ActionContext.AssumeRoleAWSCredentials => throw new InvalidOperationException(
                "The SDK's AssumeRoleAWSCredentials needs its source credentials in its STS client, which a process-wide " +
                "registry cannot supply; role profiles are resolved by ProfileResolver (a bug if reached)."),
            _ => new AmazonSecurityTokenServiceClient(
                new AnonymousAWSCredentials(),
                Configure(new AmazonSecurityTokenServiceConfig(), context.SecurityTokenServiceClientContextData.Region, context.SecurityTokenServiceClientContextData.ProxySettings)),
        });
        registry.RegisterSSOClient(context => new AmazonSSOClient(
            new AnonymousAWSCredentials(),
            Configure(new AmazonSSOConfig(), context.SSOClientContextData.Region, context.SSOClientContextData.ProxySettings)));
        registry.RegisterSSOOIDCClient(context => new AmazonSSOOIDCClient(
            new AnonymousAWSCredentials(),
            Configure(new AmazonSSOOIDCConfig(), context.SSOOIDCClientContextData.Region, context.SSOOIDCClientContextData.ProxySettings)));
        return true;
    }

    private static T Configure<T>(T config, Amazon.RegionEndpoint? region, System.Net.IWebProxy? proxy)
        where T : ClientConfig
    {
        if (region is not null)
        {
            config.RegionEndpoint = region;
        }

        if (proxy is not null)
        {
            config.SetWebProxy(proxy);
        }

        return config;
    }
}
