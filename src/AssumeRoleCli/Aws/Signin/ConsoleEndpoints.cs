namespace AssumeRoleCli.Aws.Signin;

/// <summary>
/// Where a partition's console is signed in to: its federation endpoint (getSigninToken, then <c>Action=login</c>) and
/// its console domain, as AWS's "Enable custom identity broker access to the AWS console" names them.
/// </summary>
/// <param name="Federation">The federation endpoint, e.g. https://signin.aws.amazon.com/federation.</param>
/// <param name="ConsoleDomain">e.g. console.aws.amazon.com; a region's console is <c>REGION.</c> before it.</param>
public sealed record ConsoleEndpoints(Uri Federation, string ConsoleDomain)
{
    /// <summary>Who sent the user, in the login URL (the console names it when the session ends).</summary>
    public const string Issuer = "assumerole";

    /// <summary>The variable that points the federation endpoint elsewhere (a stand-in, a proxy), as the SDK's AWS_ENDPOINT_URL_&lt;SERVICE&gt;.</summary>
    public const string OverrideVariable = "AWS_ENDPOINT_URL_SIGNIN";

    /// <summary>The partition's endpoints; the federation endpoint at <paramref name="signinOverride"/> when one is given.</summary>
    /// <exception cref="SigninException">The partition has no console federation this tool knows.</exception>
    public static ConsoleEndpoints For(string partition, Uri? signinOverride)
    {
        var (signin, console) = partition switch
        {
            "aws" => ("signin.aws.amazon.com", "console.aws.amazon.com"),
            "aws-us-gov" => ("signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com"),
            "aws-cn" => ("signin.amazonaws.cn", "console.amazonaws.cn"),
            _ => throw new SigninException($"The AWS console sign-in is not known for partition '{partition}' (only aws, aws-us-gov and aws-cn); use exec or credentials there."),
        };
        return new(signinOverride is null ? new Uri($"https://{signin}/federation") : FederationAt(signinOverride), console);
    }

    /// <summary>The base URL given in <see cref="OverrideVariable"/>; null when none is given.</summary>
    /// <exception cref="AssumeRoleCli.Aws.Credentials.AwsConfigurationException">It is not an http(s) URL.</exception>
    public static Uri? ParseOverride(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Query.Length == 0
            ? url
            : throw new AssumeRoleCli.Aws.Credentials.AwsConfigurationException(
                $"{OverrideVariable} '{value}' is not an http(s) base URL (for example http://127.0.0.1:8080); unset it to use the partition's own.");
    }

    /// <summary>The console of <paramref name="service"/> (its home when null) in <paramref name="region"/>.</summary>
    public Uri Destination(string region, string? service) =>
        new($"https://{region}.{ConsoleDomain}/{service ?? "console"}/home?region={region}");

    /// <summary>The login URL: a credential (the token signs in as the role), for stdout or the browser only.</summary>
    public string LoginUrl(string signinToken, Uri destination) =>
        $"{Federation}?Action=login&Issuer={Uri.EscapeDataString(Issuer)}&Destination={Uri.EscapeDataString(destination.ToString())}&SigninToken={Uri.EscapeDataString(signinToken)}";

    /// <summary>As the SDK joins an endpoint URL and an operation's path: the federation endpoint's path after the base's.</summary>
    private static Uri FederationAt(Uri baseUrl) => new($"{baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/federation");
}
