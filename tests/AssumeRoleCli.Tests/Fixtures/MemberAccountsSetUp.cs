using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Credentials;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// A small organization made of moto worlds, for commands run across accounts (until a shared organization fixture
/// exists): the first world's destination admin plays the management account (profile <c>destination</c>); the next
/// worlds' destination accounts are the members, each with an <see cref="FanOutSettings.DefaultDestinationRole"/>
/// (inline policy *:*) that trusts the management account, and a profile <c>member-N</c> of its own admin. The shared
/// source user is profile <c>source</c>. Files live in a directory of their own; nothing process-wide is touched.
/// </summary>
public sealed class MemberAccountsSetUp
{
    private const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    private MemberAccountsSetUp(TwoAccountWorld management, IReadOnlyList<TwoAccountWorld> members, string credentialsFile)
    {
        Management = management;
        Members = members;
        CredentialsFile = credentialsFile;
    }

    public TwoAccountWorld Management { get; }

    public IReadOnlyList<TwoAccountWorld> Members { get; }

    /// <summary>The member accounts, in order.</summary>
    public IReadOnlyList<string> Accounts => Members.Select(m => m.DestinationAccountId).ToList();

    public string CredentialsFile { get; }

    public static string MemberProfile(int index) => $"member-{index + 1}";

    /// <summary>Leases 1 + <paramref name="members"/> worlds and makes the organization's roles and profiles.</summary>
    public static async Task<MemberAccountsSetUp> CreateAsync(MotoSandbox sandbox, int members)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var management = sandbox.LeaseWorld();
        var worlds = Enumerable.Range(0, members).Select(_ => sandbox.LeaseWorld()).ToList();
        var directory = Path.Combine(management.Directory, $"organization-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var credentials = Path.Combine(directory, "credentials");
        var text = File.ReadAllText(management.CredentialsFile) + "\n" + string.Join("\n", worlds.Select((w, i) =>
            Section(w.CredentialsFile, TwoAccountWorld.DestinationProfile).Replace($"[{TwoAccountWorld.DestinationProfile}]", $"[{MemberProfile(i)}]", StringComparison.Ordinal)));
        File.WriteAllText(credentials, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(Path.Combine(directory, "config"), string.Join("\n",
            new[] { "source", "destination" }.Concat(worlds.Select((_, i) => MemberProfile(i))).Select(p => $"[profile {p}]\nregion = {management.Region}\n")));
        foreach (var world in worlds.Prepend(management))
        {
            sandbox.Proxy.Register(world); // so the proxy can judge their calls (trust policies)
        }

        var setUp = new MemberAccountsSetUp(management, worlds, credentials);
        for (var i = 0; i < worlds.Count; i++)
        {
            await setUp.GiveAccessRoleAsync(i, FanOutSettings.DefaultDestinationRole);
        }

        return setUp;
    }

    /// <summary>Makes, in member <paramref name="index"/>, a role named <paramref name="roleName"/> the management account may assume, allowed everything.</summary>
    public async Task GiveAccessRoleAsync(int index, string roleName)
    {
        var iam = MemberIam(index);
        await iam.CreateRoleAsync(
            roleName, TrustPolicy.ForAccount("aws", Management.DestinationAccountId), "organization access (test)", new Dictionary<string, string>(), CancellationToken.None);
        await iam.PutInlinePolicyAsync(roleName, "admin", AllowAll, CancellationToken.None);
    }

    /// <summary>A runner with the organization's profiles and a state file of its own, through <paramref name="endpointUrl"/> when given (a proxy scope).</summary>
    public CommandRunner NewRunner(string? endpointUrl = null) =>
        new(endpointUrl is null ? Management : Management with { EndpointUrl = endpointUrl }, CredentialsFile);

    /// <summary>Member <paramref name="index"/>'s IAM as its own admin.</summary>
    public IIamApi MemberIam(int index) => Clients.Iam(MemberSession(index));

    public IEc2Api MemberEc2(int index) => Clients.Ec2(MemberSession(index));

    private AwsClientFactory Clients => new(new Uri(Management.EndpointUrl));

    private AwsSession MemberSession(int index) =>
        new ProfileResolver(AwsEnvironment.ForDirectory(CredentialsFile), Clients).Resolve(MemberProfile(index), Management.Region);

    /// <summary>One <c>[profile]</c> section of a credentials file.</summary>
    private static string Section(string file, string profile)
    {
        var lines = File.ReadAllLines(file);
        var start = Array.IndexOf(lines, $"[{profile}]");
        return string.Join("\n", lines.Skip(start).TakeWhile((line, i) => i == 0 || !line.StartsWith('['))) + "\n";
    }
}
