using Amazon;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// A <see cref="MotoOrganization"/> in a world of its own, seen through a proxy scope that judges AssumeRole (moto
/// assumes any role, even a deleted one, where AWS refuses): the world's destination profile is the management
/// account, its source profile stays outside the organization. Each member's admin (a session of its
/// OrganizationAccountAccessRole, taken straight from moto) lets the proxy read the member's roles and the test check
/// what is left in each account with that account's own credentials.
/// </summary>
public sealed class OrganizationScope : IDisposable
{
    private readonly Dictionary<string, AWSCredentials> _admins;

    private OrganizationScope(AwsBehaviourScope scope, TwoAccountWorld world, MotoOrganization organization, Dictionary<string, AWSCredentials> admins)
    {
        Scope = scope;
        RawWorld = world;
        Organization = organization;
        _admins = admins;
    }

    /// <summary>Every call of the CLI goes through it (add throttling, holds, refusals here; read its counts).</summary>
    public AwsBehaviourScope Scope { get; }

    /// <summary>The world straight on moto (no rule, no count).</summary>
    public TwoAccountWorld RawWorld { get; }

    /// <summary>The world through <see cref="Scope"/>.</summary>
    public TwoAccountWorld World => Scope.World!;

    public MotoOrganization Organization { get; }

    /// <summary>The member accounts, ordered by id.</summary>
    public IReadOnlyList<string> Members => Organization.MemberAccountIds;

    public static async Task<OrganizationScope> CreateAsync(MotoSandbox sandbox, int members)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var world = sandbox.LeaseWorld();
        var organization = await MotoOrganization.CreateAsync(world, members);
        var admins = new Dictionary<string, AWSCredentials>(StringComparer.Ordinal);
        using var sts = world.StsClient(world.DestinationAdminCredentials());
        foreach (var member in organization.MemberAccountIds)
        {
            var session = (await sts.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = MotoOrganization.MemberRole(member).ToString(),
                RoleSessionName = "test-admin",
                DurationSeconds = 43200,
            })).Credentials;
            var credentials = new SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken);
            admins[member] = credentials;
            sandbox.Proxy.Roles.RegisterAdmin(member, credentials);
        }

        var scope = sandbox.Proxy.OpenScope(world);
        scope.Add(new TrustPolicyCheck());
        return new OrganizationScope(scope, world, organization, admins);
    }

    /// <summary>A CLI runner on the world through the proxy, with a state file of its own.</summary>
    public CommandRunner NewRunner(TimeProvider? time = null) => new(World, time: time);

    /// <summary>The member accounts as <c>--destination-accounts</c> takes them.</summary>
    public string AccountList => string.Join(",", Members);

    /// <summary>The member's IAM, as its own admin.</summary>
    public IIamApi MemberIam(string account) => Clients.Iam(AdminSession(account));

    /// <summary>The member's EC2, as its own admin.</summary>
    public IEc2Api MemberEc2(string account) => Clients.Ec2(AdminSession(account));

    /// <summary>The member's instances that are not terminated (or terminating), as its own admin.</summary>
    public async Task<IReadOnlyList<Instance>> LiveInstancesAsync(string account)
    {
        using var ec2 = RawWorld.Ec2Client(_admins[account]);
        var response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("instance-state-name", ["pending", "running", "stopping", "stopped"])],
        });
        return response.Reservations?.SelectMany(r => r.Instances).ToList() ?? [];
    }

    /// <summary>
    /// The member's OrganizationAccountAccessRole stops trusting the management account (it trusts the member itself):
    /// AssumeRole into the member is refused, as when the role was deleted. Deleting it would also take its rights from
    /// the admin session the test checks the member with (moto's auth judges them), so its trust is what changes.
    /// </summary>
    public Task RefuseManagementAsync(string account) => TrustAsync(account, account);

    /// <summary>The member's OrganizationAccountAccessRole trusts the management account again, as Organizations made it.</summary>
    public Task RestoreAccessAsync(string account) => TrustAsync(account, Organization.ManagementAccountId);

    private async Task TrustAsync(string account, string trusted)
    {
        using var iam = new IamClient(_admins[account], RawWorld.ConfigureClient(new IamConfig { MaxErrorRetry = 1 }));
        await iam.UpdateAssumeRolePolicyAsync(new UpdateAssumeRolePolicyRequest
        {
            RoleName = MotoOrganization.MemberRoleName,
            PolicyDocument = AssumeRoleCli.Provisioning.TrustPolicy.ForAccount("aws", trusted),
        });
    }

    public void Dispose() => Scope.Dispose();

    private AwsSession AdminSession(string account) =>
        new("admin", _admins[account], RegionEndpoint.GetBySystemName(RawWorld.Region), RawWorld.CredentialsFile);

    private AwsClientFactory Clients => new(new Uri(RawWorld.EndpointUrl));
}
