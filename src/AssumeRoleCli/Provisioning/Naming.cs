using System.Text.RegularExpressions;

namespace AssumeRoleCli.Provisioning;

/// <summary>Syntax rules AWS applies, checked before any call so bad input changes nothing.</summary>
public static partial class Naming
{
    /// <summary>IAM's rule for role names: 1 to 64 of A-Za-z0-9 and +=,.@_-.</summary>
    public static bool IsValidRoleName(string name) => RoleNamePattern().IsMatch(name);

    /// <summary>An IAM managed policy ARN: arn:partition:iam::(account|aws):policy/[path/]name.</summary>
    public static bool IsValidPolicyArn(string arn) => PolicyArnPattern().IsMatch(arn);

    /// <summary>An EC2 instance type such as t2.micro or m7i-flex.large.</summary>
    public static bool IsValidInstanceTypeSyntax(string instanceType) => InstanceTypePattern().IsMatch(instanceType);

    [GeneratedRegex(@"^[A-Za-z0-9+=,.@_-]{1,64}$")]
    private static partial Regex RoleNamePattern();

    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:iam::(\d{12}|aws):policy/([\x21-\x7E]+/)*[A-Za-z0-9+=,.@_-]{1,128}$")]
    private static partial Regex PolicyArnPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[a-z0-9-]+$")]
    private static partial Regex InstanceTypePattern();
}
