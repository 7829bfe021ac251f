using System.Text;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Provisioning;

/// <summary>The role create-role is asked for, as planning needs it. <see cref="ExternalId"/> is never printed (not even by this record's text form).</summary>
/// <param name="TrustedPrincipals">Users or roles of the source account to trust instead of its root; empty: the whole account.</param>
public sealed record RoleRequest(
    string RoleName,
    IReadOnlyList<string> PolicyNames,
    IReadOnlyList<string> PolicyArns,
    int MaxSessionDurationSeconds,
    IReadOnlyList<string> TrustedPrincipals,
    string? ExternalId,
    bool RequireMfa,
    RoleScope Scope)
{
    /// <summary>--ttl: the role expires that long from now; null: an existing expiry stays as it is (see <see cref="Expiry"/>).</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>The instance types a <see cref="RoleScope.ManagedInstances"/> role may launch; empty: any.</summary>
    public IReadOnlyList<string> AllowedInstanceTypes { get; init; } = [];

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"RoleName = {RoleName}, PolicyNames = [{string.Join(", ", PolicyNames)}], PolicyArns = [{string.Join(", ", PolicyArns)}], ");
        builder.Append($"MaxSessionDurationSeconds = {MaxSessionDurationSeconds}, TrustedPrincipals = [{string.Join(", ", TrustedPrincipals)}], ");
        builder.Append($"ExternalId = {(ExternalId is null ? "null" : TrustPolicy.SensitiveValue)}, RequireMfa = {RequireMfa}, Scope = {Scope}, Ttl = {Ttl}, ");
        builder.Append($"AllowedInstanceTypes = [{string.Join(", ", AllowedInstanceTypes)}]");
        return true;
    }
}

/// <summary>Who the source is and the policies to attach: read once, whatever the number of destinations.</summary>
public sealed record SourceRead(CallerIdentity Source, IReadOnlyList<ManagedPolicyRef> Policies);

/// <summary>What create-role read and decided, before anything changes. <see cref="Plan"/> is what the user confirms.</summary>
/// <param name="RoleArn">Null while only CreateRole's answer can tell it ("(known after apply)").</param>
public sealed record PlannedRole(
    RoleRequest Request, CallerIdentity Source, IReadOnlyList<ManagedPolicyRef> Policies, TrustSpec Trust, RolePlan RolePlan, RoleArn? RoleArn, Plan Plan, IIamApi Iam)
{
    public bool HasChanges => RolePlan.HasChanges;

    /// <summary>The role the destination profile assumed to reach a member account; null: it acted there itself.</summary>
    public string? ReachedThrough { get; init; }
}

/// <summary>
/// create-role's choreography: the reads (the source's identity and then the policies, the role as it is, who the
/// destination is) asked at once, the plan made from them; then, once confirmed, the changes, each recorded in the
/// state file the moment IAM answers.
/// </summary>
public sealed class RoleCreation
{
    private readonly IAwsClientFactory _clients;
    private readonly IApplyProgress _progress;
    private readonly TimeProvider _time;
    private readonly Func<string, Task> _warn;

    /// <param name="warn">Says a warning (one account on both sides) on the terminal's warning voice.</param>
    public RoleCreation(IAwsClientFactory clients, IApplyProgress progress, TimeProvider time, Func<string, Task> warn)
    {
        _clients = clients;
        _progress = progress;
        _time = time;
        _warn = warn;
    }

    /// <summary>Reads what exists (all at once) and plans; changes nothing.</summary>
    public Task<PlannedRole> PlanAsync(
        RoleRequest request, SourceCredentials source, AwsSession destination, string destinationProfile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);

        // The source's identity (then the policies, in its partition: AssumeRole never crosses partitions), the role as
        // it is, and who the destination is (the account every plan names) are independent reads, asked at once.
        var iam = _clients.Iam(destination);
        return PlanInAsync(request, ReadSourceAsync(source, iam, request, ct), destination, _clients.Sts(destination).GetCallerIdentityAsync(ct), destinationProfile, ct);
    }

    /// <summary>
    /// Plans the role in one destination whose source side (<paramref name="sourceRead"/>: who the source is, the
    /// policies) may be shared by many destinations, read once for all of them; <paramref name="destinationRead"/> says
    /// which account and partition the destination is (its Account and Partition are all that is read).
    /// </summary>
    public async Task<PlannedRole> PlanInAsync(
        RoleRequest request, Task<SourceRead> sourceRead, AwsSession destination, Task<CallerIdentity> destinationRead, string? destinationProfile, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sourceRead);
        ArgumentNullException.ThrowIfNull(destinationRead);
        var iam = _clients.Iam(destination);
        var address = ResourceChange.AddressOf(RolePlan.ResourceType, request.RoleName);
        await _progress.RefreshingAsync(address, request.RoleName);
        var roleRead = new RolePlanner(iam).ReadAsync(request.RoleName, ct);
        await Task.WhenAll(sourceRead, roleRead, destinationRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // all end; the source's error first
        await _progress.StoppedAsync(address);
        var (sourceIdentity, policies) = await sourceRead;
        var existing = await roleRead;
        var destinationIdentity = await destinationRead;
        var roleArn = RoleArnBeforeApply(existing, destinationIdentity, request);
        var destinationAccount = roleArn?.AccountId ?? destinationIdentity.Account;
        if (destinationAccount == sourceIdentity.Account)
        {
            await _warn($"the source and destination profiles are both in account {sourceIdentity.Account}; the role will only be assumable from within that account.");
        }

        var trust = TrustSpec.ForSource(sourceIdentity.Partition, sourceIdentity.Account, request.TrustedPrincipals, request.ExternalId, request.RequireMfa);
        var desired = new RoleSpec(request.RoleName, roleArn?.ToString(), sourceIdentity.Account, TrustPolicy.For(trust), policies)
        {
            MaxSessionDurationSeconds = request.MaxSessionDurationSeconds,
            ScopedPolicy = request.Scope == RoleScope.ManagedInstances ? ManagedInstancesPolicy.For(roleArn!, request.AllowedInstanceTypes) : null,
            Expiry = request.Ttl is { } ttl ? Expiry.After(ttl, _time) : null,
        };

        var rolePlan = RolePlanner.Plan(desired, existing);
        var plan = rolePlan.ToPlan() with { Target = new PlanTarget([destinationAccount], destination.Region.SystemName, destinationProfile) };
        return new PlannedRole(request, sourceIdentity, policies, trust, rolePlan, roleArn, plan, iam);
    }

    /// <summary>
    /// Makes the confirmed changes, if any. The role is recorded the moment CreateRole answers, before anything else
    /// is asked of IAM, and again once the apply is done (with when it last changed): "Apply complete!" only follows
    /// a saved state file. Returns the role's ARN.
    /// </summary>
    public async Task<RoleArn> ApplyAsync(PlannedRole planned, StateFile state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(state);
        var roleArn = planned.RoleArn;
        if (planned.HasChanges)
        {
            var conflicts = new IamConflictRetry(_time, _progress);
            await new RoleApplier(planned.Iam, _progress, conflicts, created: createdArn =>
            {
                roleArn ??= RoleArn.TryParse(createdArn, out var created)
                    ? created
                    : throw new UnexpectedAwsResponseException($"IAM CreateRole answered '{createdArn}' as the role's ARN, which is not an IAM role ARN.");
                Record(state, planned, roleArn, changed: true);
                return Task.CompletedTask;
            }).ApplyAsync(planned.RolePlan, ct);
        }

        var arn = roleArn ?? throw new InvalidOperationException("A role that is not there is always planned to be created.");
        Record(state, planned, arn, planned.HasChanges);
        return arn;
    }

    private void Record(StateFile state, PlannedRole planned, RoleArn role, bool changed) => state.Update(
        s =>
        {
            var request = planned.Request;
            var previous = s.RoleOf(role);
            var record = new RoleRecord(
                role.ToString(),
                request.RoleName,
                role.AccountId,
                planned.Source.Account,
                planned.Policies.Select(p => p.Arn).ToList(),
                changed || previous is null ? _time.GetUtcNow() : previous.ChangedAt,
                request.MaxSessionDurationSeconds,
                planned.Trust.RequiresExternalId,
                planned.Trust.RequireMfa,
                request.Scope == RoleScope.ManagedInstances)
            {
                AllowedInstanceTypes = request.AllowedInstanceTypes.Count > 0 ? request.AllowedInstanceTypes : null,
                DestinationRole = planned.ReachedThrough,
            };
            return previous == record ? s : s.WithRole(record);
        },
        existsInAws: $"role {planned.Request.RoleName} ({role})");

    /// <summary>
    /// Who the source is (never a root user: AWS never lets one assume a role), and the policies to attach, in its
    /// partition, looked up with <paramref name="iam"/> (AWS-managed policies are the same in every account).
    /// </summary>
    public async Task<SourceRead> ReadSourceAsync(SourceCredentials source, IIamApi iam, RoleRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        var identity = await _clients.Sts(source.Session).GetCallerIdentityAsync(ct);
        if (identity.IsRootUser)
        {
            throw new CliException($"{identity.RootUserCannotAssume(source.Description)}. Use an IAM user or role of that account.");
        }

        return new(identity, await new PolicyResolver(iam, identity.Partition).ResolveAsync(request.PolicyNames, request.PolicyArns, ct));
    }

    /// <summary>
    /// The role's ARN as far as it is known before anything changes: GetRole's answer. A new role's is left to
    /// CreateRole's answer (null, "(known after apply)" as in Terraform), unless its scoped policy must name it in
    /// the plan (or GetRole showed no ARN): then it is made from the destination's identity.
    /// </summary>
    private static RoleArn? RoleArnBeforeApply(ExistingRole? existing, CallerIdentity destination, RoleRequest request)
    {
        if (existing is not null && RoleArn.TryParse(existing.Role.Arn, out var arn))
        {
            return arn;
        }

        return existing is null && request.Scope != RoleScope.ManagedInstances ? null : RoleArn.For(destination.Partition, destination.Account, request.RoleName);
    }
}
