using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// A small organization made of sandbox worlds, for the many-accounts tests until the Organizations fixture lands: the
/// first world's destination admin plays the management account (profile <c>destination</c>, the source is the shared
/// <c>source</c>), and each further world's destination account is a member with an OrganizationAccountAccessRole
/// that trusts the management account and may do anything (as Organizations makes it), created by that member's own
/// admin. Everything goes through a proxy scope that refuses AssumeRole where the role is missing or does not trust
/// the caller (moto checks neither).
/// </summary>
public sealed class MemberAccountWorlds : IDisposable
{
    private const string AdministratorAccess = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    private MemberAccountWorlds(AwsBehaviour.AwsBehaviourScope scope, IReadOnlyList<TwoAccountWorld> members)
    {
        Scope = scope;
        Members = members;
    }

    /// <summary>The proxy scope every call goes through (add throttling and other rules here).</summary>
    public AwsBehaviour.AwsBehaviourScope Scope { get; }

    /// <summary>The management world, its endpoint through <see cref="Scope"/>.</summary>
    public TwoAccountWorld Management => Scope.World!;

    /// <summary>The member worlds (their own admins check what was made in them).</summary>
    public IReadOnlyList<TwoAccountWorld> Members { get; }

    public IReadOnlyList<string> Accounts => Members.Select(m => m.DestinationAccountId).ToList();

    public string AccountList => string.Join(",", Accounts);

    /// <summary>A management world and <paramref name="members"/> member worlds; the first <paramref name="withoutRole"/> members get no access role.</summary>
    public static async Task<MemberAccountWorlds> CreateAsync(MotoSandbox sandbox, int members, int withoutRole = 0)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var management = sandbox.LeaseWorld();
        var worlds = Enumerable.Range(0, members).Select(_ => sandbox.LeaseWorld()).ToList();
        var scope = sandbox.Proxy.OpenScope(management);
        scope.Add(new AwsBehaviour.TrustPolicyCheck());
        var organization = new MemberAccountWorlds(scope, worlds);
        await Task.WhenAll(worlds.Skip(withoutRole).Select(organization.GiveAccessRoleAsync));
        return organization;
    }

    /// <summary>Makes <paramref name="member"/>'s OrganizationAccountAccessRole (trusting the management account), as its own admin.</summary>
    public async Task GiveAccessRoleAsync(TwoAccountWorld member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var iam = new CommandRunner(member).DestinationIam();
        await iam.CreateRoleAsync(
            FanOutSettings.DefaultDestinationRole, TrustPolicy.ForAccount("aws", Management.DestinationAccountId), "organization access", new Dictionary<string, string>(), CancellationToken.None);
        await iam.PutInlinePolicyAsync(FanOutSettings.DefaultDestinationRole, "AdministratorAccess", AdministratorAccess, CancellationToken.None);
    }

    /// <summary>The member's own admin's IAM, to check what was made there.</summary>
    public static AssumeRoleCli.Aws.IIamApi IamOf(TwoAccountWorld member) => new CommandRunner(member).DestinationIam();

    public void Dispose() => Scope.Dispose();
}
