using System.Diagnostics;
using System.Globalization;
using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Commands;

/// <summary>The AWS variables a program run with the role's credentials gets, and the ones it must not inherit.</summary>
public static class ChildEnvironment
{
    /// <summary>Would make the child's SDK or CLI pick a profile instead of the credentials given.</summary>
    public static readonly IReadOnlyList<string> Removed = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"];

    /// <summary>
    /// Every variable <see cref="Variables"/> may set: a parent's value of one the role does not have (a token, an
    /// expiry: aws-vault and <c>aws configure export-credentials</c> set them) is stale and must not reach the child.
    /// </summary>
    private static readonly IReadOnlyList<string> Owned =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION", "AWS_ACCOUNT_ID",
        "AWS_REGION", "AWS_DEFAULT_REGION",
    ];

    public static IEnumerable<(string Name, string Value)> Variables(AssumedRole assumed, string region)
    {
        var keys = assumed.Credentials.GetCredentials();
        yield return ("AWS_ACCESS_KEY_ID", keys.AccessKey);
        yield return ("AWS_SECRET_ACCESS_KEY", keys.SecretKey);
        if (!string.IsNullOrEmpty(keys.Token))
        {
            yield return ("AWS_SESSION_TOKEN", keys.Token);

            // The old name some SDKs and tools still read first (aws-vault sets both).
            yield return ("AWS_SECURITY_TOKEN", keys.Token);
        }

        // botocore's name: it refuses (or refreshes) credentials past this moment.
        if (assumed.Expiration is { } expiration)
        {
            yield return ("AWS_CREDENTIAL_EXPIRATION", expiration.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        yield return ("AWS_ACCOUNT_ID", assumed.Account);
        yield return ("AWS_REGION", region);
        yield return ("AWS_DEFAULT_REGION", region);
    }

    /// <summary>The credential variables the role has no value for (a parent's would be stale): <c>credentials --format env</c> unsets them.</summary>
    public static IEnumerable<string> Unset(AssumedRole assumed, string region) => Owned.Except(Variables(assumed, region).Select(v => v.Name));

    /// <summary>Sets the variables on <paramref name="start"/> and removes the profile ones and any stale credential variable.</summary>
    public static void Apply(ProcessStartInfo start, AssumedRole assumed, string region)
    {
        foreach (var name in Removed.Concat(Owned))
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in Variables(assumed, region))
        {
            start.Environment[name] = value;
        }
    }
}
