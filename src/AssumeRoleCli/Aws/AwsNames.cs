using System.Text.RegularExpressions;

namespace AssumeRoleCli.Aws;

/// <summary>
/// Every syntax rule AWS applies to a name this tool accepts, in one place, checked before any call so bad input
/// changes nothing. Patterns end with <c>\z</c>: in .NET <c>$</c> also matches before a final newline.
/// </summary>
public static partial class AwsNames
{
    /// <summary>IAM's characters for role and policy names.</summary>
    public const string IamNameCharacters = "[A-Za-z0-9+=,.@_-]";

    /// <summary>Partitions: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ...</summary>
    public const string PartitionPattern = "aws(-[a-z]+)*";

    private const int MaxSessionNameLength = 64;

    /// <summary>IAM's rule for role names: 1 to 64 of A-Za-z0-9 and +=,.@_-.</summary>
    public static bool IsValidRoleName(string name) => RoleName().IsMatch(name);

    /// <summary>STS's rule for session names: 2 to 64 of letters, digits and +=,.@_-.</summary>
    public static bool IsValidSessionName(string name) => SessionName().IsMatch(name);

    /// <summary>
    /// STS's rule for AssumeRole's SourceIdentity (botocore's sts model, sourceIdentityType): 2 to 64 of
    /// <c>[\w+=,.@-]</c>, <c>\w</c> being ASCII letters, digits and '_'. (The "aws:" prefix AWS reserves cannot occur:
    /// ':' is not allowed.)
    /// </summary>
    public static bool IsValidSourceIdentity(string name) => SourceIdentity().IsMatch(name);

    /// <summary>
    /// The session name for a role profile without <c>role_session_name</c>: <c>assumerole-&lt;profile&gt;</c>, with every
    /// character STS refuses (a profile may be named <c>team/admin:prod</c>) made '-', cut to STS's 64.
    /// </summary>
    public static string SessionNameFor(string profileName)
    {
        var name = NotSessionNameCharacter().Replace($"assumerole-{profileName}", "-");
        return name.Length <= MaxSessionNameLength ? name : name[..MaxSessionNameLength];
    }

    [GeneratedRegex("[^A-Za-z0-9_+=,.@-]")]
    private static partial Regex NotSessionNameCharacter();

    /// <summary>An IAM managed policy ARN: arn:partition:iam::(account|aws):policy/[path/]name.</summary>
    public static bool IsValidPolicyArn(string arn) => PolicyArn().IsMatch(arn);

    /// <summary>A policy name as --policy-name takes it (no path: that needs --policy-arn).</summary>
    public static bool IsValidPolicyName(string name) => PolicyName().IsMatch(name);

    /// <summary>
    /// An IAM user or role ARN, as a trust policy names a principal: arn:partition:iam::account:(user|role)/[path/]name.
    /// </summary>
    public static bool IsValidPrincipalArn(string arn) => PrincipalArn().IsMatch(arn);

    /// <summary>STS's rule for an external id: 2 to 1224 of letters, digits and +=,.@:/-.</summary>
    public static bool IsValidExternalId(string externalId) => ExternalId().IsMatch(externalId);

    /// <summary>An EC2 instance type such as t2.micro or m7i-flex.large.</summary>
    public static bool IsValidInstanceTypeSyntax(string instanceType) => InstanceType().IsMatch(instanceType);

    public static bool IsValidImageId(string id) => ImageId().IsMatch(id);

    public static bool IsValidSubnetId(string id) => SubnetId().IsMatch(id);

    public static bool IsValidSecurityGroupId(string id) => SecurityGroupId().IsMatch(id);

    /// <summary>EC2 key pair names: 1-255 ASCII characters.</summary>
    public static bool IsValidKeyName(string name) => KeyName().IsMatch(name);

    /// <summary>A region name such as us-east-1, cn-north-1, us-gov-west-1 or us-isof-south-1.</summary>
    public static bool IsValidRegion(string name) => Region().IsMatch(name);

    /// <summary>
    /// The unique id of an IAM role (AROA...) or user (AIDA...), which IAM writes into a trust policy in place of the
    /// principal's ARN once that role or user is deleted.
    /// </summary>
    public static bool IsRoleOrUserUniqueId(string principal) => RoleOrUserUniqueId().IsMatch(principal);

    /// <summary>An AWS account id: exactly 12 digits.</summary>
    public static bool IsValidAccountId(string id) => AccountId().IsMatch(id);

    /// <summary>
    /// A service's folder in the console's address (ec2, s3, iam, cloudformation, systems-manager): 1-64 of lowercase
    /// letters, digits and inner hyphens, so it can only ever name a path segment of the console, never another site.
    /// </summary>
    public static bool IsValidConsoleService(string name) => ConsoleService().IsMatch(name);

    [GeneratedRegex(@"\A" + IamNameCharacters + @"{1,64}\z")]
    private static partial Regex RoleName();

    /// <summary>STS's rule for SerialNumber: 9-256 of word characters and +=/:,.@- (an MFA device ARN, or a hardware serial).</summary>
    public static bool IsValidMfaSerial(string serial) => MfaSerial().IsMatch(serial);

    /// <summary>STS's rule for TokenCode: exactly 6 digits.</summary>
    public static bool IsValidMfaCode(string code) => MfaCode().IsMatch(code);

    [GeneratedRegex(@"\A[A-Za-z0-9_+=/:,.@-]{9,256}\z")]
    private static partial Regex MfaSerial();

    [GeneratedRegex(@"\A[0-9]{6}\z")]
    private static partial Regex MfaCode();

    [GeneratedRegex(@"\A[A-Za-z0-9_+=,.@-]{2,64}\z")]
    private static partial Regex SessionName();

    [GeneratedRegex(@"\A[A-Za-z0-9_+=,.@-]{2,64}\z")]
    private static partial Regex SourceIdentity();

    [GeneratedRegex(@"\Aarn:" + PartitionPattern + @":iam::(\d{12}|aws):policy/([\x21-\x7E]+/)*" + IamNameCharacters + @"{1,128}\z")]
    private static partial Regex PolicyArn();

    [GeneratedRegex(@"\A" + IamNameCharacters + @"{1,128}\z")]
    private static partial Regex PolicyName();

    [GeneratedRegex(@"\Aarn:" + PartitionPattern + @":iam::\d{12}:(user|role)/([\x21-\x7E]+/)*" + IamNameCharacters + @"{1,64}\z")]
    private static partial Regex PrincipalArn();

    [GeneratedRegex(@"\A[A-Za-z0-9_+=,.@:/-]{2,1224}\z")]
    private static partial Regex ExternalId();

    [GeneratedRegex(@"\A[a-z][a-z0-9-]*\.[a-z0-9-]+\z")]
    private static partial Regex InstanceType();

    [GeneratedRegex(@"\Aami-[0-9a-f]{8,17}\z")]
    private static partial Regex ImageId();

    [GeneratedRegex(@"\Asubnet-[0-9a-f]{8,17}\z")]
    private static partial Regex SubnetId();

    [GeneratedRegex(@"\Asg-[0-9a-f]{8,17}\z")]
    private static partial Regex SecurityGroupId();

    [GeneratedRegex(@"\A[\x20-\x7E]{1,255}\z")]
    private static partial Regex KeyName();

    [GeneratedRegex(@"\A[a-z]{2}(-[a-z]+)+-\d+\z")]
    private static partial Regex Region();

    [GeneratedRegex(@"\A\d{12}\z")]
    private static partial Regex AccountId();

    [GeneratedRegex(@"\A(?=.{1,64}\z)[a-z0-9]+(-[a-z0-9]+)*\z")]
    private static partial Regex ConsoleService();

    [GeneratedRegex(@"\A(AROA|AIDA)[A-Z0-9]{12,124}\z")]
    private static partial Regex RoleOrUserUniqueId();
}
