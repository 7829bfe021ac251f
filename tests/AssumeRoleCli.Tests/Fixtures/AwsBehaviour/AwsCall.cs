namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>The bytes of one HTTP request exactly as the client sent them, for byte-for-byte forwarding.</summary>
public sealed record RawHttpRequest(string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);

/// <summary>Who signed a request: an IAM user, or an assumed-role session (then <see cref="RoleName"/> is set).</summary>
public sealed record CallerIdentity(string Arn)
{
    /// <summary>The key is a session GetSessionToken gave for an MFA code: its calls carry aws:MultiFactorAuthPresent.</summary>
    public bool MultiFactorAuthPresent { get; init; }

    /// <summary>The account id, the 5th field of the ARN.</summary>
    public string Account => AwsArn.Account(Arn);

    /// <summary>For <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c>, ROLE; otherwise null.</summary>
    public string? RoleName =>
        AwsArn.Resource(Arn).Split('/') is ["assumed-role", var role, ..] ? role : null;
}

/// <summary>
/// One AWS Query-protocol call as the proxy understood it: service (from the SigV4 credential scope), action and
/// parameters (form body plus query string), the signing access key and, where known, who owns it. <see cref="Account"/>
/// and <see cref="RoleName"/> are the account and role the call is ABOUT: for STS AssumeRole the role in RoleArn,
/// for IAM the RoleName parameter in the caller's account, for EC2 the caller's assumed role.
/// </summary>
public sealed record AwsCall(
    string Service,
    string Action,
    IReadOnlyDictionary<string, string> Parameters,
    string? AccessKeyId,
    CallerIdentity? Caller,
    RawHttpRequest Raw)
{
    public bool IsIam => Service == "iam";

    public bool IsSts => Service == "sts";

    public bool IsEc2 => Service == "ec2";

    /// <summary>A JSON-protocol call (e.g. Organizations): its operation is named by X-Amz-Target, its errors are JSON.</summary>
    public bool IsJsonProtocol => AwsCallParser.Header(Raw, "X-Amz-Target") is not null;

    public string? Account => IsSts && Action == "AssumeRole" && Parameter("RoleArn") is { } roleArn
        ? AwsArn.Account(roleArn)
        : Caller?.Account;

    public string? RoleName => (IsIam, IsSts && Action == "AssumeRole") switch
    {
        (true, _) => Parameter("RoleName"),
        (_, true) => Parameter("RoleArn") is { } roleArn ? AwsArn.LastName(roleArn) : null,
        _ => Caller?.RoleName,
    };

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    public bool Is(string service, string action) => Service == service && Action == action;
}

/// <summary>Splits ARNs such as <c>arn:aws:iam::123456789012:role/path/name</c>.</summary>
public static class AwsArn
{
    public static string Account(string arn) => Field(arn, 4);

    public static string Resource(string arn) => Field(arn, 5);

    /// <summary>The name at the end of the resource path: <c>role/a/b/name</c> gives <c>name</c>.</summary>
    public static string LastName(string arn) => Resource(arn).Split('/')[^1];

    private static string Field(string arn, int index)
    {
        var fields = (arn ?? "").Split(':', 6);
        return fields.Length > index ? fields[index] : "";
    }
}
