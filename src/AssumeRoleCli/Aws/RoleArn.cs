using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace AssumeRoleCli.Aws;

/// <summary>A parsed IAM role ARN: <c>arn:partition:iam::account:role/[path/]name</c>. Compared as a value.</summary>
public sealed partial record RoleArn(string Partition, string AccountId, string Path, string RoleName)
{
    public override string ToString() => $"arn:{Partition}:iam::{AccountId}:role{Path}{RoleName}";

    public static bool TryParse(string? value, [NotNullWhen(true)] out RoleArn? arn)
    {
        arn = null;
        var match = value is null ? Match.Empty : Pattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        arn = new RoleArn(match.Groups["partition"].Value, match.Groups["account"].Value, match.Groups["path"].Value, match.Groups["name"].Value);
        return true;
    }

    /// <summary>True when <paramref name="value"/> is this role's ARN.</summary>
    public bool Is(string? value) => TryParse(value, out var other) && other == this;

    public const string Expected = "arn:aws:iam::<12-digit account>:role/<name>";

    public static RoleArn For(string partition, string accountId, string roleName) => new(partition, accountId, "/", roleName);

    [GeneratedRegex(@"\Aarn:(?<partition>" + AwsNames.PartitionPattern + @"):iam::(?<account>\d{12}):role(?<path>/([\x21-\x7E]+/)*)(?<name>" + AwsNames.IamNameCharacters + @"{1,64})\z")]
    private static partial Regex Pattern();
}
