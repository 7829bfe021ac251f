using Amazon;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Aws.Iam;
using AssumeRoleCli.Aws.Iam.Model;
using AssumeRoleCli.Tests.Aws.Iam.TestSupport;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// A <see cref="MotoOrganization"/> in a world of its own, seen through a proxy scope that judges AssumeRole (moto
/// assumes any role, even a deleted one, where AWS refuses): the world's destination profile is the management
/// account, its source profile stays outside the organization. Each member's admin (a session of its
/// own test admin role, made through OrganizationAccountAccessRole and assumed straight on moto, so that a test may
/// delete OrganizationAccountAccessRole) lets the proxy read the member's roles and the test check what is left in each
/// account with that account's own credentials.
/// </summary>
public sealed class OrganizationScope : IDisposable
{
    private readonly Dictionary<string, AWSCredentials> _admins;

    private OrganizationScope(AwsBehaviourScope scope, TwoAccountWorld world, MotoOrganization organization, Dictionary<string, AWSCredentials> admins, string credentialsFile)
    {
        Scope = scope;
        RawWorld = world;
        Organization = organization;
        _admins = admins;
        CredentialsFile = credentialsFile;
    }

    /// <summary>
    /// The world's profiles (<c>source</c>, <c>destination</c> = the management account) and one profile per member,
    /// <see cref="MemberProfile"/>, signed by that member's admin session (for people with one profile per account);
    /// its <c>config</c> beside it.
    /// </summary>
    public string CredentialsFile { get; }

    /// <summary>The profile of member <paramref name="index"/> (in <see cref="Members"/>' order) in <see cref="CredentialsFile"/>.</summary>
    public static string MemberProfile(int index) => $"member-{index + 1}";

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
            // The test's own admin role, beside OrganizationAccountAccessRole: that one may be deleted by a test.
            var access = await AssumeAsync(sts, MotoOrganization.MemberRole(member).ToString());
            using (var iam = new IamClient(access, world.ConfigureClient(new IamConfig { MaxErrorRetry = 1 })))
            {
                await CreateAllowAllRoleAsync(iam, TestAdminRole, organization.ManagementAccountId);
            }

            var admin = await AssumeAsync(sts, $"arn:aws:iam::{member}:role/{TestAdminRole}");
            admins[member] = admin;
            sandbox.Proxy.Roles.RegisterAdmin(member, admin);
            sandbox.Proxy.Callers.Register(admin.GetCredentials().AccessKey, $"arn:aws:sts::{member}:assumed-role/{TestAdminRole}/test-admin");
        }

        var scope = sandbox.Proxy.OpenScope(world);
        scope.Add(new TrustPolicyCheck());
        return new OrganizationScope(scope, world, organization, admins, WriteProfiles(world, organization, admins));
    }

    /// <summary>The role each member's admin session is of (made by the fixture, trusting the management account, allowed everything).</summary>
    private const string TestAdminRole = "assumerole-test-admin";

    private static async Task<AWSCredentials> AssumeAsync(Amazon.SecurityToken.AmazonSecurityTokenServiceClient sts, string roleArn)
    {
        var session = (await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "test-admin", DurationSeconds = 43200 })).Credentials;
        return new SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken);
    }

    private static async Task CreateAllowAllRoleAsync(IamClient iam, string roleName, string trustedAccount)
    {
        await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = roleName,
            AssumeRolePolicyDocument = AssumeRoleCli.Provisioning.TrustPolicy.ForAccount("aws", trustedAccount),
        });
        await iam.PutRolePolicyAsync(new PutRolePolicyRequest
        {
            RoleName = roleName,
            PolicyName = "admin",
            PolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""",
        });
    }

    private static string WriteProfiles(TwoAccountWorld world, MotoOrganization organization, Dictionary<string, AWSCredentials> admins)
    {
        var directory = Path.Combine(world.Directory, $"organization-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var credentials = Path.Combine(directory, "credentials");
        var members = organization.MemberAccountIds.Select((account, i) => (Profile: MemberProfile(i), Key: admins[account].GetCredentials())).ToList();
        File.WriteAllText(credentials, File.ReadAllText(world.CredentialsFile) + "\n" + string.Join("\n", members.Select(m =>
            $"[{m.Profile}]\naws_access_key_id = {m.Key.AccessKey}\naws_secret_access_key = {m.Key.SecretKey}\naws_session_token = {m.Key.Token}\n")));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(Path.Combine(directory, "config"), string.Join("\n",
            new[] { TwoAccountWorld.SourceProfile, TwoAccountWorld.DestinationProfile }.Concat(members.Select(m => m.Profile)).Select(p => $"[profile {p}]\nregion = {world.Region}\n")));
        return credentials;
    }

    /// <summary>A CLI runner on the world through the proxy, with a state file of its own.</summary>
    public CommandRunner NewRunner(TimeProvider? time = null) => new(World, CredentialsFile, time: time);

    /// <summary>The member accounts as <c>--destination-accounts</c> takes them.</summary>
    public string AccountList => string.Join(",", Members);

    /// <summary>The member's IAM, as its own admin.</summary>
    public IIamApi MemberIam(string account) => Clients.Iam(AdminSession(account));

    /// <summary>The member's EC2, as its own admin.</summary>
    public IEc2Api MemberEc2(string account) => Clients.Ec2(AdminSession(account));

    /// <summary>The member's EC2 (the SDK's client), as its own admin.</summary>
    public AmazonEC2Client MemberEc2Client(string account) => RawWorld.Ec2Client(_admins[account]);

    /// <summary>Makes, in the member, a role named <paramref name="roleName"/> the management account may assume, allowed everything (as its admin).</summary>
    public async Task GiveAccessRoleAsync(string account, string roleName)
    {
        using var iam = AdminIam(account);
        await CreateAllowAllRoleAsync(iam, roleName, Organization.ManagementAccountId);
    }

    /// <summary>The member's instances that are not terminated (or terminating), as its own admin.</summary>
    public async Task<IReadOnlyList<Instance>> LiveInstancesAsync(string account)
    {
        using var ec2 = MemberEc2Client(account);
        var response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
        {
            Filters = [new Filter("instance-state-name", ["pending", "running", "stopping", "stopped"])],
        });
        return response.Reservations?.SelectMany(r => r.Instances).ToList() ?? [];
    }

    /// <summary>
    /// A CLI runner whose <c>source</c> profile is a user made in member <paramref name="account"/> (allowed the STS
    /// calls a source makes), <c>destination</c> still the management account: the source's own account is a member.
    /// </summary>
    public async Task<CommandRunner> RunnerWithSourceInAsync(MotoSandbox sandbox, string account)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        using var iam = AdminIam(account);
        var user = (await iam.CreateUserAsync(new CreateUserRequest { UserName = "source-in-member" })).User;
        await iam.PutUserPolicyAsync(new PutUserPolicyRequest
        {
            UserName = "source-in-member",
            PolicyName = "source",
            PolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:GetCallerIdentity"],"Resource":"*"}]}""",
        });
        var key = (await iam.CreateAccessKeyAsync(new CreateAccessKeyRequest { UserName = "source-in-member" })).AccessKey;
        sandbox.Proxy.Callers.Register(key.AccessKeyId!, user.Arn!);
        var directory = Path.Combine(RawWorld.Directory, $"source-in-member-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var credentials = Path.Combine(directory, "credentials");
        File.WriteAllText(credentials, new TestUser(user.Arn!, key.AccessKeyId!, key.SecretAccessKey!).Profile(TwoAccountWorld.SourceProfile) + "\n"
            + TestIdentities.DestinationAdmin(RawWorld).Profile(TwoAccountWorld.DestinationProfile));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Copy(Path.Combine(Path.GetDirectoryName(CredentialsFile)!, "config"), Path.Combine(directory, "config"));
        return new CommandRunner(World, credentials);
    }

    /// <summary>Deletes the member's OrganizationAccountAccessRole (as its admin): the management account can no longer reach it.</summary>
    public async Task RemoveAccessRoleAsync(string account)
    {
        using var iam = AdminIam(account);
        await iam.DetachRolePolicyAsync(new DetachRolePolicyRequest { RoleName = MotoOrganization.MemberRoleName, PolicyArn = AdministratorAccess });
        await iam.DeleteRoleAsync(new DeleteRoleRequest { RoleName = MotoOrganization.MemberRoleName });
    }

    /// <summary>Makes the member's OrganizationAccountAccessRole again as Organizations does: trusting the management account, AdministratorAccess.</summary>
    public async Task RestoreAccessRoleAsync(string account)
    {
        using var iam = AdminIam(account);
        await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = MotoOrganization.MemberRoleName,
            AssumeRolePolicyDocument = AssumeRoleCli.Provisioning.TrustPolicy.ForAccount("aws", Organization.ManagementAccountId),
        });
        await iam.AttachRolePolicyAsync(new AttachRolePolicyRequest { RoleName = MotoOrganization.MemberRoleName, PolicyArn = AdministratorAccess });
    }

    public void Dispose() => Scope.Dispose();

    private AwsSession AdminSession(string account) =>
        new("admin", _admins[account], RegionEndpoint.GetBySystemName(RawWorld.Region), RawWorld.CredentialsFile);

    private const string AdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";

    private IamClient AdminIam(string account) => new(_admins[account], RawWorld.ConfigureClient(new IamConfig { MaxErrorRetry = 1 }));

    private AwsClientFactory Clients => new(new Uri(RawWorld.EndpointUrl));
}
