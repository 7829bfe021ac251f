using System.Diagnostics;
using Amazon.Runtime;

namespace AssumeRoleCli.Commands;

/// <summary>The AWS variables a program run with the role's credentials gets, and the ones it must not inherit.</summary>
public static class ChildEnvironment
{
    /// <summary>Would make the child's SDK or CLI pick a profile instead of the credentials given.</summary>
    public static readonly IReadOnlyList<string> Removed = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"];

    public static IEnumerable<(string Name, string Value)> Variables(ImmutableCredentials keys, string region)
    {
        yield return ("AWS_ACCESS_KEY_ID", keys.AccessKey);
        yield return ("AWS_SECRET_ACCESS_KEY", keys.SecretKey);
        if (!string.IsNullOrEmpty(keys.Token))
        {
            yield return ("AWS_SESSION_TOKEN", keys.Token);
        }

        yield return ("AWS_REGION", region);
        yield return ("AWS_DEFAULT_REGION", region);
    }

    /// <summary>Sets the variables on <paramref name="start"/> and removes the profile ones (and a stale token).</summary>
    public static void Apply(ProcessStartInfo start, ImmutableCredentials keys, string region)
    {
        foreach (var name in Removed.Append("AWS_SESSION_TOKEN"))
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in Variables(keys, region))
        {
            start.Environment[name] = value;
        }
    }
}
