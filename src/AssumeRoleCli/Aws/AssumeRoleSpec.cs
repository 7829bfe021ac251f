namespace AssumeRoleCli.Aws;

/// <summary>Everything an AssumeRole call is asked with, as one value.</summary>
public sealed record AssumeRoleSpec(RoleArn Role, string SessionName, int DurationSeconds, string? ExternalId = null, MfaDevice? Mfa = null)
{
    public const string DefaultSessionName = "assumerole-cli";
    public const int DefaultDurationSeconds = 3600;
    public const int MinDurationSeconds = 900;
    public const int MaxDurationSeconds = 43200;

    /// <summary>
    /// AssumeRole's SourceIdentity: who is behind the session, kept by AWS in CloudTrail for this session and every
    /// session chained from it (the role's trust must allow sts:SetSourceIdentity); null: none is set.
    /// </summary>
    public string? SourceIdentity { get; init; }

    /// <summary>The text form never shows the external id: it is a shared secret.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Role = {Role}, SessionName = {SessionName}, DurationSeconds = {DurationSeconds}, ExternalId = {(ExternalId is null ? "null" : "(sensitive value)")}, Mfa = {Mfa}, SourceIdentity = {SourceIdentity ?? "null"}");
        return true;
    }
}
