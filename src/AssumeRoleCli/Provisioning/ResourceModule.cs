using AssumeRoleCli.Aws;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// Which module instance a role's resources belong to, as Terraform addresses them
/// (<c>account["210987654321"].aws_iam_role.assume_role</c>), so two roles' resources never share an address. One
/// role in play: none, and every address stays as it was.
/// </summary>
public static class ResourceModule
{
    /// <summary>
    /// Null when <paramref name="role"/> is the only one in play; <c>account["A"]</c> when it is the only one of its
    /// account; <c>account["A"].role["name"]</c> when its account has more.
    /// </summary>
    public static string? Of(RoleArn role, IReadOnlyCollection<RoleArn> roles)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Count <= 1)
        {
            return null;
        }

        var account = OfAccount(role.AccountId);
        return roles.Count(r => r.AccountId == role.AccountId) > 1 ? $"{account}.role[\"{role.RoleName}\"]" : account;
    }

    /// <summary><c>account["A"]</c>: the module of everything one account of a fan-out plans (--destination-accounts).</summary>
    public static string OfAccount(string account) => $"account[\"{account}\"]";

    /// <summary>The address within <paramref name="module"/> (unchanged without one).</summary>
    public static string Prefix(string? module, string address) => module is null ? address : $"{module}.{address}";

    /// <summary>
    /// <paramref name="addressOrModule"/> within <paramref name="module"/>: unchanged when it is that module or already
    /// in it (<c>account["A"].role["r"]</c> within <c>account["A"]</c>), else prefixed; null: the module itself.
    /// </summary>
    public static string Within(string module, string? addressOrModule) =>
        addressOrModule is null ? module
        : addressOrModule == module || addressOrModule.StartsWith(module + ".", StringComparison.Ordinal) ? addressOrModule
        : Prefix(module, addressOrModule);
}
