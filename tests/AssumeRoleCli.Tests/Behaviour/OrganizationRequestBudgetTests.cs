using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;
using Xunit.Abstractions;

namespace AssumeRoleCli.Tests.Behaviour;

/// <summary>
/// Requests across an organization are O(accounts) (issue 20): for create-role, launch-instance, status and teardown
/// with <c>--destination-accounts all</c>, an organization of N members costs at most N times the single-account
/// budget (measured here on a plain world, plus the AssumeRole that reaches each member), the Organizations pages
/// (DescribeOrganization, ListAccounts) and a small constant, for N = 1 and N = 5. Counted by the proxy; no time is
/// measured.
/// </summary>
public sealed class OrganizationRequestBudgetTests(MotoSandbox sandbox, ITestOutputHelper output) : IClassFixture<MotoSandbox>
{
    private static readonly string[] Commands = ["create-role", "launch-instance", "status", "teardown"];

    /// <summary>Requests besides the accounts' own: the source's identity, asked once, and a spare one.</summary>
    private const int Constant = 2;

    [Fact]
    public async Task EachCommandAcrossAll_IsAtMostNTimesTheSingleAccountBudget_PlusTheOrganizationPages()
    {
        var single = await SingleAccountAsync();
        var one = await AcrossAllAsync(members: 1);
        var five = await AcrossAllAsync(members: 5);

        foreach (var command in Commands)
        {
            output.WriteLine($"{command}: single account {single[command].Total}; all, N=1: {one[command].Total} ({one[command].Actions}); N=5: {five[command].Total} ({five[command].Actions})");
        }

        foreach (var command in Commands)
        {
            foreach (var (members, counts) in new[] { (1, one[command]), (5, five[command]) })
            {
                // Each member: its own budget, plus the AssumeRole that reaches it (create-role, status and teardown
                // assume the destination role; launch-instance's AssumeRole is already in its budget).
                var reach = command == "launch-instance" ? 0 : 1;
                var organizationPages = counts.Received("DescribeOrganization") + counts.Received("ListAccounts");
                Assert.True(organizationPages <= 2, $"{command}, N={members}: {counts.Actions}");
                Assert.True(
                    counts.Total <= (members * (single[command].Total + reach)) + organizationPages + Constant,
                    $"{command}, N={members}: {counts.Total} requests ({counts.Actions}); single account {single[command].Total}");
            }

            // The fifth account costs what the first did, not more: growth is linear.
            Assert.True(five[command].Total - one[command].Total <= 4 * (single[command].Total + 1), $"{command}: N=1 {one[command].Total}, N=5 {five[command].Total}");
        }
    }

    /// <summary>The tutorial's commands on one plain world (no --destination-accounts), each counted on its own.</summary>
    private async Task<Dictionary<string, Counted>> SingleAccountAsync()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        return await CountEachAsync(aws, command => command == "status" ? run.RunAsync(command) : run.RunAsync(command, "--auto-approve"));
    }

    private async Task<Dictionary<string, Counted>> AcrossAllAsync(int members)
    {
        using var org = await OrganizationScope.CreateAsync(sandbox, members);
        var run = org.NewRunner();
        return await CountEachAsync(org.Scope, command => command == "status"
            ? run.RunAsync(command, "--destination-accounts", "all")
            : run.RunAsync(command, "--destination-accounts", "all", "--auto-approve"));
    }

    private static async Task<Dictionary<string, Counted>> CountEachAsync(AwsBehaviourScope aws, Func<string, Task<CommandOutcome>> run)
    {
        var counted = new Dictionary<string, Counted>(StringComparer.Ordinal);
        foreach (var command in Commands)
        {
            var before = Snapshot(aws.Requests);
            var outcome = await run(command);
            Assert.True(outcome.ExitCode == 0, outcome.ToString());
            var after = Snapshot(aws.Requests);
            counted[command] = new Counted(after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key), StringComparer.Ordinal));
        }

        return counted;
    }

    private static Dictionary<string, int> Snapshot(RequestCounts requests) =>
        KnownActions.ToDictionary(a => a, requests.Received, StringComparer.Ordinal) is var known && known.Values.Sum() == requests.Total
            ? known
            : throw new InvalidOperationException($"An action outside the known list was counted: {requests}");

    private static readonly string[] KnownActions =
    [
        "GetCallerIdentity", "AssumeRole", "DescribeOrganization", "ListAccounts",
        "GetRole", "CreateRole", "AttachRolePolicy", "ListAttachedRolePolicies", "GetRolePolicy", "GetPolicy", "ListRoleTags", "TagRole",
        "DetachRolePolicy", "DeleteRole", "ListRolePolicies", "ListInstanceProfilesForRole",
        "DescribeImages", "DescribeInstances", "RunInstances", "TerminateInstances", "CreateTags",
    ];

    private sealed record Counted(Dictionary<string, int> ByAction)
    {
        public int Total => ByAction.Values.Sum();

        public string Actions => string.Join(", ", ByAction.Where(p => p.Value > 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

        public int Received(string action) => ByAction.GetValueOrDefault(action);
    }
}
