namespace AssumeRoleCli.Aws;

/// <summary>The caller as STS sees it.</summary>
public sealed record CallerIdentity(string Account, string Arn, string UserId)
{
    /// <summary>The account's root user: AWS never lets it assume a role.</summary>
    public bool IsRootUser => Arn.EndsWith(":root", StringComparison.Ordinal);

    /// <summary>Why a root user cannot be the source, in the words every command uses.</summary>
    /// <param name="source">How the source was chosen: <c>profile 'dev'</c>, or <c>credentials from the environment</c>.</param>
    public string RootUserCannotAssume(string source) =>
        $"The source ({source}) signs in as the root user of account {Account} ({Arn}), and AWS never lets an account's root user assume a role";

    /// <summary>A role's session (arn:aws:sts::…:assumed-role/…), whatever gave it: AssumeRole, SSO, web identity.</summary>
    public bool IsRoleSession => Arn.Split(':', 6) is { Length: 6 } parts && parts[5].StartsWith("assumed-role/", StringComparison.Ordinal);

    public string Partition => Arn.Split(':') is { Length: > 1 } parts ? parts[1] : "aws";
}
