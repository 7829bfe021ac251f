namespace AssumeRoleCli.Aws.Iam.Model;

/// <summary>A key/value tag on an IAM resource.</summary>
internal sealed class Tag
{
    public Tag()
    {
    }

    public Tag(string key, string value)
    {
        Key = key;
        Value = value;
    }

    public string? Key { get; set; }

    public string? Value { get; set; }
}

/// <summary>An IAM role. <see cref="AssumeRolePolicyDocument"/> is already URL-decoded JSON.</summary>
internal sealed class Role
{
    public string? RoleName { get; set; }

    public string? RoleId { get; set; }

    public string? Arn { get; set; }

    public string? Path { get; set; }

    public DateTime? CreateDate { get; set; }

    public string? Description { get; set; }

    public int? MaxSessionDuration { get; set; }

    public string? AssumeRolePolicyDocument { get; set; }

    public List<Tag> Tags { get; set; } = [];

    /// <summary>GetRole's RoleLastUsed (GetRole and GetAccountAuthorizationDetails only; IAM's lists leave it out).</summary>
    public RoleLastUsed? RoleLastUsed { get; set; }
}

/// <summary>When and where a role was last used, as far as IAM tracks it (the trailing 400 days).</summary>
internal sealed class RoleLastUsed
{
    /// <summary>Null when the role was not used within IAM's tracking period.</summary>
    public DateTime? LastUsedDate { get; set; }

    public string? Region { get; set; }
}

/// <summary>A managed policy attached to a role.</summary>
internal sealed class AttachedPolicy
{
    public string? PolicyName { get; set; }

    public string? PolicyArn { get; set; }
}

/// <summary>An instance profile (with the roles it contains).</summary>
internal sealed class InstanceProfile
{
    public string? InstanceProfileName { get; set; }

    public string? InstanceProfileId { get; set; }

    public string? Arn { get; set; }

    public string? Path { get; set; }

    public DateTime? CreateDate { get; set; }

    public List<Role> Roles { get; set; } = [];
}

/// <summary>A managed policy (AWS-managed or customer-managed).</summary>
internal sealed class ManagedPolicy
{
    public string? PolicyName { get; set; }

    public string? PolicyId { get; set; }

    public string? Arn { get; set; }

    public string? Path { get; set; }

    public string? DefaultVersionId { get; set; }

    public int? AttachmentCount { get; set; }

    public bool? IsAttachable { get; set; }

    public string? Description { get; set; }

    public DateTime? CreateDate { get; set; }

    public DateTime? UpdateDate { get; set; }
}

/// <summary>Values of <see cref="ListPoliciesRequest.Scope"/>.</summary>
internal static class PolicyScopeType
{
    public const string All = "All";
    public const string AWS = "AWS";
    public const string Local = "Local";
}

/// <summary>Common paging fields of IAM list responses (Marker/IsTruncated).</summary>
internal interface IIamPagedResponse
{
    bool IsTruncated { get; }

    string? Marker { get; }
}
