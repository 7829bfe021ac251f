using Amazon.Runtime;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// How a command reaches EC2 in a role's account: through the assumed role, as every other command does; when the
/// role cannot be used (deleted, trust changed, the source is a root user, ...), with the destination profile.
/// </summary>
public sealed class RoleAccess
{
    private readonly IAwsClientFactory _clients;
    private readonly RoleFromSource _roles;
    private readonly IApplyProgress _progress;

    /// <param name="propagationGrace">How long AccessDenied is taken as IAM propagating, for a role changed moments ago.</param>
    /// <param name="cache">Where credentials obtained with MFA are kept; null: never cached.</param>
    public RoleAccess(IAwsClientFactory clients, TimeProvider time, TimeSpan propagationGrace, IApplyProgress progress, CliCredentialCache? cache = null)
    {
        _clients = clients;
        _roles = new RoleFromSource(clients, time, propagationGrace, progress, cache);
        _progress = progress;
    }

    /// <summary>
    /// Runs <paramref name="use"/> through the assumed role, or, when the role cannot be used, through the
    /// destination profile (saying so). Returns the EC2 client that worked, to carry on with.
    /// </summary>
    /// <param name="roleExists">False when IAM says the role is gone (no AssumeRole is tried); null when unknown.</param>
    /// <param name="roleRead">
    /// IAM's answer on whether the role exists, still being read while AssumeRole is tried (teardown asks both at once):
    /// the role is used only once it says the role is there; "gone" also ends a wait for IAM to propagate a new role,
    /// and says why the role cannot be used.
    /// </param>
    /// <param name="roleHoldsNoPolicy">
    /// IAM's answer on whether the role has no policy left (an earlier teardown detached it): then EC2's refusals are not
    /// a new role's policy propagating but the role's lack of rights, so that answer ends such a wait too.
    /// </param>
    public async Task<(IEc2Api Ec2, T Result)> UseAsync<T>(
        AccountSessions sessions, AssumeRoleSpec spec, bool? roleExists, bool roleIsNew, Func<IEc2Api, Task<T>> use, CancellationToken ct, Task<bool>? roleRead = null,
        Task<bool>? roleHoldsNoPolicy = null)
    {
        var reach = await ReachAsync(sessions, spec, roleExists, roleIsNew, use, ct, roleRead, roleHoldsNoPolicy);
        return (reach.Ec2, reach.Result);
    }

    /// <summary>As <see cref="UseAsync{T}"/>, also telling whether AssumeRole worked and why the destination profile stood in.</summary>
    /// <param name="sayStandIn">False when the caller reports <see cref="RoleReach{T}.StoodInBecause"/> itself (status), so it is said once.</param>
    public async Task<RoleReach<T>> ReachAsync<T>(
        AccountSessions sessions, AssumeRoleSpec spec, bool? roleExists, bool roleIsNew, Func<IEc2Api, Task<T>> use, CancellationToken ct, Task<bool>? roleRead = null,
        Task<bool>? roleHoldsNoPolicy = null, bool sayStandIn = true)
    {
        var role = spec.Role;
        var gone = $"Role {role} no longer exists, so it cannot be assumed";
        var assumedIt = false;
        string reason;
        if (roleExists == false)
        {
            reason = gone;
        }
        else if (sessions.Source.Session is null)
        {
            reason = $"The source ({sessions.Source.Description}) was not found, so role {role} cannot be assumed";
        }
        else if (sessions.Source.Identity?.IsRootUser == true)
        {
            reason = sessions.Source.Identity.RootUserCannotAssume(sessions.Source.Description);
        }
        else
        {
            // Who the source is was asked already, or is asked only if AssumeRole refuses (AWS refuses a root user itself).
            var sts = _clients.Sts(sessions.Source.Session);
            var known = sessions.Source.Identity;
            Func<CancellationToken, Task<CallerIdentity>> whoIsAsking = async token => known ??= await sts.GetCallerIdentityAsync(token);
            var assumer = _roles.AssumerFor(sts, roleIsNew);

            // A role IAM says is gone will never become assumable: its answer ends any wait for IAM to propagate it.
            using var roleGone = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var stopWhenGone = CancelWhenAsync(roleRead, exists => !exists, roleGone);
            using var roleBare = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var stopWhenBare = CancelWhenAsync(roleHoldsNoPolicy, bare => bare, roleBare);
            try
            {
                var assumed = await assumer.AssumeAsync(spec, whoIsAsking, roleGone.Token);
                assumedIt = true;

                // IAM's word decides: credentials for a role it says is gone are not used (an emulator may still hand them out).
                if (roleRead is null || await roleRead)
                {
                    var ec2 = _clients.Ec2(sessions.Source.Session.WithCredentials(assumed.Credentials));
                    return new RoleReach<T>(ec2, await assumer.RetryWhilePropagatingAsync(role, roleIsNew, () => use(ec2), roleBare.Token), true, null);
                }

                reason = gone;
            }
            catch (OperationCanceledException) when (roleBare.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                reason = $"Role {role} holds no policy any more, so it cannot look for its instances";
            }
            catch (OperationCanceledException) when (roleGone.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                reason = gone;
            }
            catch (RoleNotAssumableException error) when (error.Caller.IsRootUser)
            {
                reason = error.Caller.RootUserCannotAssume(sessions.Source.Description);
            }
            catch (RoleNotAssumableException error)
            {
                reason = $"Could not assume {role} as {error.Caller.Arn} ({AwsErrorCodes.Said(error.Cause)})";
            }
            catch (AmazonServiceException error) when (error.IsIn(AwsErrorCodes.RoleUnusable))
            {
                reason = $"Could not work through role {role} as {(await whoIsAsking(ct)).Arn} ({AwsErrorCodes.Said(error)})";
            }
            finally
            {
                await stopWhenGone;
                await stopWhenBare;
            }
        }

        if (roleRead is not null && !await roleRead)
        {
            reason = gone;
        }

        var (destination, whyNot) = await sessions.Destination.ForAsync(role, ct);
        if (destination is null)
        {
            throw new CliException($"{reason}; the destination profile cannot stand in, because {whyNot}. Nothing was changed.");
        }

        if (sayStandIn)
        {
            await _progress.NoteAsync($"{reason}; looking for its instances with the destination profile '{sessions.Destination.Profile}' instead.");
        }

        var direct = _clients.Ec2(destination);
        return new RoleReach<T>(direct, await use(direct), assumedIt, reason);
    }

    /// <summary>Cancels <paramref name="source"/> once <paramref name="answer"/> (IAM's, read at the same time) meets <paramref name="ends"/>.</summary>
    private static async Task CancelWhenAsync(Task<bool>? answer, Func<bool, bool> ends, CancellationTokenSource source)
    {
        if (answer is not null && ends(await answer))
        {
            await source.CancelAsync();
        }
    }
}

/// <summary>What <see cref="RoleAccess.ReachAsync{T}"/> found.</summary>
/// <param name="Ec2">The EC2 client that worked.</param>
/// <param name="Assumed">True when AssumeRole succeeded (even if EC2 then refused the role and the destination profile stood in).</param>
/// <param name="StoodInBecause">Why the destination profile was used instead of the role; null when the role was.</param>
public sealed record RoleReach<T>(IEc2Api Ec2, T Result, bool Assumed, string? StoodInBecause);
