namespace AssumeRoleCli.Aws.Organizations.Model;

/// <summary>A member account of an organization, as ListAccounts describes it.</summary>
internal sealed class Account
{
    /// <summary>12 digits; a string, since leading zeros exist.</summary>
    public string? Id { get; set; }

    public string? Arn { get; set; }

    public string? Email { get; set; }

    public string? Name { get; set; }

    /// <summary>ACTIVE, SUSPENDED, PENDING_CLOSURE; retired by AWS on 2026-09-09 in favour of <see cref="State"/>.</summary>
    public string? Status { get; set; }

    /// <summary>PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED.</summary>
    public string? State { get; set; }

    public string? JoinedMethod { get; set; }
}

/// <summary>The organization the caller's account belongs to.</summary>
internal sealed class Organization
{
    public string? Id { get; set; }

    public string? Arn { get; set; }

    public string? FeatureSet { get; set; }

    public string? MasterAccountArn { get; set; }

    public string? MasterAccountId { get; set; }

    public string? MasterAccountEmail { get; set; }
}
