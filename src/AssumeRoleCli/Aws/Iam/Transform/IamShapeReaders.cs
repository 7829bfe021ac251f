using System.Globalization;
using System.Xml.Linq;
using AssumeRoleCli.Aws.Iam.Model;

namespace AssumeRoleCli.Aws.Iam.Transform;

/// <summary>Maps IAM XML shapes (already reduced to local names) onto the model.</summary>
internal static class IamShapeReaders
{
    public static string? Text(XElement? parent, string name) => parent?.Element(name)?.Value;

    public static int? Int(XElement? parent, string name)
        => Text(parent, name) is { Length: > 0 } s ? int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    public static bool? Bool(XElement? parent, string name)
        => Text(parent, name) is { Length: > 0 } s ? bool.Parse(s.Trim()) : null;

    /// <summary>ISO-8601 timestamp, returned as UTC.</summary>
    public static DateTime? Date(XElement? parent, string name)
        => Text(parent, name) is { Length: > 0 } s
            ? DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
            : null;

    /// <summary>
    /// IAM returns policy documents URL-encoded. <see cref="Uri.UnescapeDataString(string)"/> is the
    /// right decoder: it turns <c>%2B</c> into <c>+</c> and leaves a literal <c>+</c> alone
    /// (form decoding would turn it into a space).
    /// </summary>
    public static string? PolicyDocument(XElement? parent, string name)
        => Text(parent, name) is { } s ? Uri.UnescapeDataString(s) : null;

    /// <summary>Items of an IAM list (<c>&lt;name&gt;&lt;member&gt;...&lt;/member&gt;&lt;/name&gt;</c>); empty when absent.</summary>
    public static List<T> Members<T>(XElement? parent, string name, Func<XElement, T> read)
        => parent?.Element(name)?.Elements("member").Select(read).ToList() ?? [];

    public static Tag Tag(XElement e) => new() { Key = Text(e, "Key"), Value = Text(e, "Value") };

    public static Role Role(XElement? e) => new()
    {
        RoleName = Text(e, "RoleName"),
        RoleId = Text(e, "RoleId"),
        Arn = Text(e, "Arn"),
        Path = Text(e, "Path"),
        CreateDate = Date(e, "CreateDate"),
        Description = Text(e, "Description"),
        MaxSessionDuration = Int(e, "MaxSessionDuration"),
        AssumeRolePolicyDocument = PolicyDocument(e, "AssumeRolePolicyDocument"),
        Tags = Members(e, "Tags", Tag),
        RoleLastUsed = e?.Element("RoleLastUsed") is { } lastUsed ? RoleLastUsed(lastUsed) : null,
    };

    public static RoleLastUsed RoleLastUsed(XElement e) => new()
    {
        LastUsedDate = Date(e, "LastUsedDate"),
        Region = Text(e, "Region") is { Length: > 0 } region ? region : null,
    };

    public static AttachedPolicy AttachedPolicy(XElement e) => new()
    {
        PolicyName = Text(e, "PolicyName"),
        PolicyArn = Text(e, "PolicyArn"),
    };

    public static InstanceProfile InstanceProfile(XElement? e) => new()
    {
        InstanceProfileName = Text(e, "InstanceProfileName"),
        InstanceProfileId = Text(e, "InstanceProfileId"),
        Arn = Text(e, "Arn"),
        Path = Text(e, "Path"),
        CreateDate = Date(e, "CreateDate"),
        Roles = Members(e, "Roles", r => Role(r)),
    };

    public static ManagedPolicy ManagedPolicy(XElement? e) => new()
    {
        PolicyName = Text(e, "PolicyName"),
        PolicyId = Text(e, "PolicyId"),
        Arn = Text(e, "Arn"),
        Path = Text(e, "Path"),
        DefaultVersionId = Text(e, "DefaultVersionId"),
        AttachmentCount = Int(e, "AttachmentCount"),
        IsAttachable = Bool(e, "IsAttachable"),
        Description = Text(e, "Description"),
        CreateDate = Date(e, "CreateDate"),
        UpdateDate = Date(e, "UpdateDate"),
    };
}
