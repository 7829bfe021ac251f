using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace AssumeRoleCli.Provisioning;

/// <summary>A parsed IAM role ARN: <c>arn:partition:iam::account:role/[path/]name</c>.</summary>
public sealed partial record RoleArn(string Partition, string AccountId, string Path, string RoleName)
{
    public override string ToString() => $"arn:{Partition}:iam::{AccountId}:role{Path}{RoleName}";

    public static bool TryParse(string? value, [NotNullWhen(true)] out RoleArn? arn)
    {
        arn = null;
        if (value is null)
        {
            return false;
        }

        var match = Pattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        arn = new RoleArn(match.Groups["partition"].Value, match.Groups["account"].Value, match.Groups["path"].Value, match.Groups["name"].Value);
        return true;
    }

    public static RoleArn ParseOrUsageError(string value) =>
        TryParse(value, out var arn)
            ? arn
            : throw CliException.Usage($"'{value}' is not an IAM role ARN (expected arn:aws:iam::<12-digit account>:role/<name>).");

    public static RoleArn For(string partition, string accountId, string roleName) => new(partition, accountId, "/", roleName);

    [GeneratedRegex(@"^arn:(?<partition>aws(-[a-z]+)*):iam::(?<account>\d{12}):role(?<path>/([\x21-\x7E]+/)*)(?<name>[A-Za-z0-9+=,.@_-]{1,64})$")]
    private static partial Regex Pattern();
}
