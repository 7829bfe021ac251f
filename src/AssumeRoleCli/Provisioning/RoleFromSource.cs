using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// The one way every command reaches a role from the source, and the one place a <see cref="RoleAssumer"/> is built:
/// resolve the source, complete MFA, check what the state knows (duration, external id, MFA), say where the source
/// came from, then AssumeRole. AccessDenied is waited out (IAM propagating) only for a role the state says changed
/// within the grace period; a role made long ago that is refused will stay refused, so that fails at once.
/// </summary>
public sealed class RoleFromSource
{
    private readonly IAwsClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly TimeSpan _grace;
    private readonly IApplyProgress _progress;
    private readonly CliCredentialCache? _cache;

    /// <param name="grace">How long AccessDenied is taken as IAM propagating, for a role changed moments ago.</param>
    /// <param name="cache">Where credentials obtained with MFA are kept and found again; null: never cached.</param>
    public RoleFromSource(IAwsClientFactory clients, TimeProvider time, TimeSpan grace, IApplyProgress progress, CliCredentialCache? cache = null)
    {
        _clients = clients;
        _time = time;
        _grace = grace;
        _progress = progress;
        _cache = cache;
    }

    /// <summary>True when the state says <paramref name="role"/> changed less than the grace period before <paramref name="now"/>.</summary>
    public bool IsNew(StateDocument state, RoleArn role, DateTimeOffset now) => state.RoleChangedWithin(role, _grace, now);

    /// <summary>An assumer for the source behind <paramref name="sts"/>: patient only for a new role.</summary>
    public RoleAssumer AssumerFor(IStsApi sts, bool roleIsNew) => new(sts, _time, roleIsNew ? _grace : TimeSpan.Zero, _progress, _cache);

    /// <summary>Resolves the source and assumes <paramref name="role"/> with it (see the class summary for the steps).</summary>
    /// <param name="completeMfa">The command's settings with the MFA device of the source, once the source is known.</param>
    /// <param name="say">Prints the one line that says where the source came from, when it was not named.</param>
    /// <exception cref="RoleNotAssumableException">AWS refused AssumeRole (after the grace period, for a new role).</exception>
    /// <exception cref="CliException">The state says AssumeRole would be refused, or the source is a root user.</exception>
    public async Task<ReachedRole> AssumeAsync(
        ProfileResolver profiles, string? sourceProfile, string? region, Func<SourceCredentials, AssumeRoleSettings> completeMfa, RoleArn role,
        StateDocument state, DateTimeOffset now, Func<string, Task> say, CancellationToken ct)
    {
        var chosen = profiles.ResolveSource(sourceProfile, region);
        var settings = completeMfa(chosen);
        AssumeRolePreflight.Check(state, settings.For(role), chosen);
        if (chosen.Note is { } note)
        {
            await say(note);
        }

        return await AssumeCheckedAsync(chosen, settings.For(role), state, now, ct);
    }

    /// <summary>
    /// Assumes <paramref name="role"/> with a source resolved once for many roles (<paramref name="settings"/> completed
    /// for it): launch-instance across accounts. The one place a shared source session meets each account's role, so
    /// one session made with one MFA code (issue 20 item 7) can stand in for <paramref name="source"/> here.
    /// </summary>
    public Task<ReachedRole> AssumeWithAsync(SourceCredentials source, AssumeRoleSettings settings, RoleArn role, StateDocument state, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        var spec = settings.For(role);
        AssumeRolePreflight.Check(state, spec, source);
        return AssumeCheckedAsync(source, spec, state, now, ct);
    }

    private async Task<ReachedRole> AssumeCheckedAsync(SourceCredentials chosen, AssumeRoleSpec spec, StateDocument state, DateTimeOffset now, CancellationToken ct)
    {
        var role = spec.Role;
        // No GetCallerIdentity first: AWS refuses AssumeRole to a root user itself, and only a refusal asks who the source is.
        var sts = _clients.Sts(chosen.Session);
        var roleIsNew = IsNew(state, role, now);
        var assumer = AssumerFor(sts, roleIsNew);
        try
        {
            var assumed = await assumer.AssumeAsync(spec, sts.GetCallerIdentityAsync, ct);
            return new ReachedRole(role, chosen.Session, assumed, roleIsNew, assumer, chosen.Description);
        }
        catch (RoleNotAssumableException refused) when (refused.Caller.IsRootUser)
        {
            throw new CliException($"{refused.Caller.RootUserCannotAssume(chosen.Description)}. Use an IAM user or role of that account.", refused);
        }
    }
}

/// <summary>A role assumed from the source. Holds secrets: never print it.</summary>
/// <param name="Source">The source's session (its region is the command's).</param>
/// <param name="RoleIsNew">The state says the role changed within the grace period: IAM may still be propagating it.</param>
/// <param name="SourceDescription">Where the source's credentials came from, as plans and errors name it.</param>
public sealed record ReachedRole(RoleArn Role, AwsSession Source, AssumedRole Assumed, bool RoleIsNew, RoleAssumer Assumer, string SourceDescription)
{
    /// <summary>A session in the source's region signed with the role's credentials.</summary>
    public AwsSession Session => Source.WithCredentials(Assumed.Credentials);

    /// <summary>A call made with the role's credentials: retried while a new role may still be propagating.</summary>
    public Task<T> RetryWhilePropagatingAsync<T>(Func<Task<T>> call, CancellationToken ct) => Assumer.RetryWhilePropagatingAsync(Role, RoleIsNew, call, ct);
}

/// <summary>Whether a source's credentials could carry MFA (aws:MultiFactorAuthPresent) without an MFA code of ours.</summary>
internal static class SourceMfa
{
    /// <summary>
    /// Long-term access keys never carry MFA; session credentials (aws-vault, GetSessionToken, a role profile) may.
    /// </summary>
    public static bool HasLongTermKeys(SourceCredentials source) => source.Session.Credentials is BasicAWSCredentials;
}
