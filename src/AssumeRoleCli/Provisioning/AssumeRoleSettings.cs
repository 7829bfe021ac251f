using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Provisioning;

/// <summary>How a command assumes roles (from the shared options): an <see cref="AssumeRoleSpec"/> once the role is known.</summary>
public sealed record AssumeRoleSettings(string SessionName, int DurationSeconds, string? ExternalId = null, MfaDevice? Mfa = null)
{
    /// <summary>--mfa-serial and --mfa-code as given; the command turns them into <see cref="Mfa"/> once it knows the source.</summary>
    public MfaCommandLine MfaGiven { get; init; } = MfaCommandLine.None;

    /// <summary>--no-cache: neither read nor write the AWS CLI's credential cache.</summary>
    public bool NoCache { get; init; }

    /// <summary>--source-identity: AssumeRole's SourceIdentity (who did it, in CloudTrail); null: none.</summary>
    public string? SourceIdentity { get; init; }

    public static AssumeRoleSettings Default { get; } = new(AssumeRoleSpec.DefaultSessionName, AssumeRoleSpec.DefaultDurationSeconds);

    public AssumeRoleSpec For(RoleArn role) => new(role, SessionName, DurationSeconds, ExternalId, Mfa) { SourceIdentity = SourceIdentity };

    /// <summary>The text form never shows the external id: it is a shared secret.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"SessionName = {SessionName}, DurationSeconds = {DurationSeconds}, ExternalId = {(ExternalId is null ? "null" : "(sensitive value)")}, Mfa = {Mfa}, SourceIdentity = {SourceIdentity ?? "null"}");
        return true;
    }
}
