using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// What the state file knows about a role that AssumeRole would otherwise refuse later and less clearly: a --duration
/// over the role's max session duration, a missing --external-id the role's trust requires, or no MFA for a role whose
/// trust requires it (create-role --require-mfa) when the source holds long-term keys, which never carry MFA.
/// </summary>
public static class AssumeRolePreflight
{
    /// <exception cref="SessionDurationRefusedException">--duration exceeds the recorded max session duration.</exception>
    /// <param name="source">The source, when known: long-term keys without an MFA device are refused by a role that requires MFA.</param>
    /// <exception cref="CliException">The role requires an external id (or MFA) and none is given.</exception>
    public static void Check(StateDocument state, AssumeRoleSpec spec, SourceCredentials? source = null)
    {
        if (state.RoleOf(spec.Role) is not { } recorded)
        {
            return;
        }

        if (recorded.MaxSessionDurationSeconds is { } max && spec.DurationSeconds > max)
        {
            throw new SessionDurationRefusedException(spec.Role, spec.DurationSeconds, max);
        }

        if (recorded.ExternalIdRequired && spec.ExternalId is null)
        {
            throw CliException.Usage($"Role {spec.Role} trusts only callers that pass its external id (create-role --external-id): pass --external-id.");
        }

        if (recorded.MfaRequired && spec.Mfa is null && source is not null && SourceMfa.HasLongTermKeys(source))
        {
            throw CliException.Usage(
                $"Role {spec.Role} trusts only callers signed in with MFA (create-role --require-mfa), and {source.Description} holds long-term keys: " +
                "pass --mfa-serial (and --mfa-code), or set mfa_serial in the source profile.");
        }
    }
}
