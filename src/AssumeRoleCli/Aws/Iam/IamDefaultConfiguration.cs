using Amazon.Runtime;

namespace AssumeRoleCli.Aws.Iam;

/// <summary>
/// Defaults-mode configurations for IAM. Every mode uses the standard retry mode; the
/// timeouts mirror what the generated AWSSDK clients ship.
/// </summary>
internal static class IamDefaultConfiguration
{
    public static IDefaultConfiguration Standard { get; } = Create(DefaultConfigurationMode.Standard, 3100);

    public static IDefaultConfiguration InRegion { get; } = Create(DefaultConfigurationMode.InRegion, 1100);

    public static IDefaultConfiguration CrossRegion { get; } = Create(DefaultConfigurationMode.CrossRegion, 3100);

    public static IDefaultConfiguration Mobile { get; } = Create(DefaultConfigurationMode.Mobile, 30000);

    public static IDefaultConfiguration Auto { get; } = Create(DefaultConfigurationMode.Auto, 1100);

    /// <summary>All modes, so AWS_DEFAULTS_MODE / defaults_mode can select any of them.</summary>
    public static IReadOnlyList<IDefaultConfiguration> All { get; } = [Standard, InRegion, CrossRegion, Mobile, Auto];

    private static DefaultConfiguration Create(DefaultConfigurationMode mode, int connectTimeoutMs) => new()
    {
        Name = mode,
        RetryMode = RequestRetryMode.Standard,
        S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
        ConnectTimeout = TimeSpan.FromMilliseconds(connectTimeoutMs),
        TlsNegotiationTimeout = TimeSpan.FromMilliseconds(connectTimeoutMs),
        TimeToFirstByteTimeout = null,
        HttpRequestTimeout = null,
    };
}
