using System.Text.RegularExpressions;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Docs;

/// <summary>
/// docs/permissions.md is tested: users with exactly its policies (docs/policies/*.json) run the tutorial against
/// moto, which enforces identity policies, and a statement less is AccessDenied.
/// <para>
/// Two worlds make two accounts with an admin each: the first world's destination account plays the SOURCE account
/// (its admin makes the source user), the second's is the destination (its admin makes the operator).
/// </para>
/// <para>
/// One concession to moto, and only for create-role's first run: moto authorizes iam:GetRole and iam:CreateRole of a
/// role that does not exist yet against Resource "*" instead of the role's ARN (moto/iam/responses.py
/// _determine_resource falls back to "*"), so the documented statements, which name the role's ARN as AWS
/// requires, cannot match there. <see cref="MotoShim"/> allows just those two actions on "*" until the role exists;
/// it is deleted before anything else runs, so the rerun, launch-instance and teardown use exactly the documented
/// policies. moto also does not evaluate the iam:PolicyARN condition (see ScopedRoleTests); PolicySimulationTests
/// checks it.
/// </para>
/// </summary>
public sealed partial class PermissionsDocumentTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    private const string RoleName = "documented_role";
    private const string MotoShimName = "moto-resource-star-before-the-role-exists";
    private const string MotoShim = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetRole","iam:CreateRole"],"Resource":"*"}]}
        """;

    [Fact]
    public async Task WithExactlyTheDocumentedPolicies_CreateRoleLaunchInstanceAndTeardownWork()
    {
        var (run, destinationSide) = await DocumentedIdentitiesAsync(sandbox.LeaseWorld(), sandbox.LeaseWorld());

        var created = await run.RunAsync("create-role", "--auto-approve", "--role-name", RoleName);
        Assert.True(created.ExitCode == 0, created.ToString());
        await TestIdentities.DeleteUserPolicyAsync(destinationSide, "operator", MotoShimName);

        var rerun = await run.RunAsync("create-role", "--auto-approve", "--role-name", RoleName);
        var launched = await run.RunAsync("launch-instance", "--auto-approve");
        var destroyed = await run.RunAsync("teardown", "--auto-approve");

        Assert.True(rerun.ExitCode == 0 && rerun.Stdout.Contains("No changes.", StringComparison.Ordinal), rerun.ToString());
        Assert.True(launched.ExitCode == 0, launched.ToString());
        Assert.True(destroyed.ExitCode == 0, destroyed.ToString());
        Assert.Contains("Destroy complete! Resources: 2 destroyed.", destroyed.Stdout, StringComparison.Ordinal);
        Assert.Null(await new CommandRunner(destinationSide).DestinationIam().GetRoleAsync(RoleName, CancellationToken.None));
    }

    [Fact]
    public async Task AStatementLess_IsAccessDenied()
    {
        var sourceSide = sandbox.LeaseWorld();
        var (run, destinationSide) = await DocumentedIdentitiesAsync(
            sourceSide, sandbox.LeaseWorld(), operatorWithout: "DetachAndDeleteTheRole");
        var created = await run.RunAsync("create-role", "--auto-approve", "--role-name", RoleName);
        Assert.True(created.ExitCode == 0, created.ToString());
        await TestIdentities.DeleteUserPolicyAsync(destinationSide, "operator", MotoShimName);

        var sourcePolicy = DocumentedPolicies.Without(DocumentedPolicies.For(DocumentedPolicies.Source, destinationSide.DestinationAccountId, RoleName), "AssumeTheRole");
        var cannotAssume = await TestIdentities.CreateUserAsync(sourceSide, "source-without-assume", ("documented-less-one", sourcePolicy));
        var withoutAssume = new CommandRunner(destinationSide, TestIdentities.WriteCredentialsFile(destinationSide, ("source", cannotAssume)), TimeSpan.Zero);
        File.Copy(run.StatePath, withoutAssume.StatePath);
        var refusedLaunch = await withoutAssume.RunAsync("launch-instance", "--auto-approve");

        Assert.Equal(1, refusedLaunch.ExitCode);
        Assert.Contains($"Could not assume arn:aws:iam::{destinationSide.DestinationAccountId}:role/{RoleName} as {cannotAssume.Arn}", refusedLaunch.Stderr, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", refusedLaunch.Stderr, StringComparison.Ordinal);

        var refusedTeardown = await run.RunAsync("teardown", "--auto-approve");

        Assert.Equal(1, refusedTeardown.ExitCode);
        Assert.Matches(AccessDeniedFor(), refusedTeardown.Stderr);
        Assert.NotNull(await new CommandRunner(destinationSide).DestinationIam().GetRoleAsync(RoleName, CancellationToken.None));
    }

    [Fact]
    public void PermissionsMd_ShowsExactlyThePolicyFiles()
    {
        var markdown = File.ReadAllText(Path.Combine(MotoSandbox.FindRepositoryRoot(), "docs", "permissions.md"));
        var blocks = JsonBlock().Matches(markdown).Select(m => m.Groups[1].Value.Trim()).ToList();

        foreach (var file in new[] { DocumentedPolicies.Source, DocumentedPolicies.DestinationOperator })
        {
            Assert.Contains($"(policies/{file})", markdown, StringComparison.Ordinal);
            Assert.Contains(DocumentedPolicies.Text(file).Trim(), blocks);
        }
    }

    /// <summary>A source user and a destination operator with exactly the documented policies (and the moto shim).</summary>
    private static async Task<(CommandRunner Run, TwoAccountWorld DestinationSide)> DocumentedIdentitiesAsync(
        TwoAccountWorld sourceSide, TwoAccountWorld destinationSide, string? operatorWithout = null)
    {
        var account = destinationSide.DestinationAccountId;
        var operatorPolicy = DocumentedPolicies.For(DocumentedPolicies.DestinationOperator, account, RoleName);
        if (operatorWithout is not null)
        {
            operatorPolicy = DocumentedPolicies.Without(operatorPolicy, operatorWithout);
        }

        var source = await TestIdentities.CreateUserAsync(sourceSide, "source", ("documented", DocumentedPolicies.For(DocumentedPolicies.Source, account, RoleName)));
        var operatorUser = await TestIdentities.CreateUserAsync(destinationSide, "operator", ("documented", operatorPolicy), (MotoShimName, MotoShim));
        var credentials = TestIdentities.WriteCredentialsFile(destinationSide, ("source", source), ("destination", operatorUser));
        return (new CommandRunner(destinationSide, credentials), destinationSide);
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("AccessDenied.*iam:(DetachRolePolicy|DeleteRole)")]
    private static partial Regex AccessDeniedFor();
}
