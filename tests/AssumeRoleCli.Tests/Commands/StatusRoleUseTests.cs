using System.Text.Json;
using System.Text.RegularExpressions;
using AssumeRoleCli.Tests.Fixtures;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Commands;

/// <summary>
/// status against moto: when the role was last used (GetRole's RoleLastUsed, read with no request of its own), and a
/// trust whose principal IAM rewrote to a bare unique id. moto never rewrites a principal, so the trust is set to such
/// an id by the destination admin, as IAM would leave it once the trusted role was deleted.
/// </summary>
public sealed class StatusRoleUseTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    [Fact]
    public async Task TheRolesLastUse_IsShown_InTheTableAndJson_FromGetRoleAlone()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var run = new CommandRunner(aws.World!);
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve")).ExitCode);
        var before = await run.RunAsync("status", "--output", "json");
        Assert.Equal(0, (await run.RunAsync("launch-instance", "--auto-approve", "--no-wait")).ExitCode);
        var getRoles = aws.Requests.Received("GetRole");

        var json = await run.RunAsync("status", "--output", "json");
        var text = await run.RunAsync("status");

        Assert.True(before.ExitCode == 0, before.ToString());
        using (var unused = JsonDocument.Parse(before.Stdout))
        {
            Assert.Equal(JsonValueKind.Null, unused.RootElement.GetProperty("roles")[0].GetProperty("last_used").ValueKind);
        }

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var lastUsed = document.RootElement.GetProperty("roles")[0].GetProperty("last_used").GetString();
        Assert.True(DateTimeOffset.TryParse(lastUsed, System.Globalization.CultureInfo.InvariantCulture, out var when), json.Stdout);
        Assert.EndsWith("Z", lastUsed, StringComparison.Ordinal);
        Assert.True(when > DateTimeOffset.UnixEpoch, lastUsed);
        Assert.Contains("LAST USED", text.Stdout, StringComparison.Ordinal);
        // The text run's own check that the role is assumable uses it again after the JSON run: a second may have
        // ticked in between (CI saw 10:08:50 in JSON and later in the table), so the table's time is the same or later.
        var roleArn = document.RootElement.GetProperty("roles")[0].GetProperty("role_arn").GetString()!;
        var row = Assert.Single(text.Stdout.Split('\n'), l => l.StartsWith(roleArn, StringComparison.Ordinal));
        var shown = Regex.Match(row, @"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\b");
        Assert.True(shown.Success, row);
        Assert.True(DateTimeOffset.Parse(shown.Value, System.Globalization.CultureInfo.InvariantCulture) >= when, $"{shown.Value} is before {lastUsed}");

        // One GetRole per status, as before: the last use comes with it.
        Assert.Equal(getRoles + 2, aws.Requests.Received("GetRole"));
        Assert.DoesNotContain("LastAccessed", aws.Requests.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATrustRewrittenToABareUniqueId_IsDrift_WithWhatItMeansAndWhatToDo_AndCreateRoleRestoresIt()
    {
        var run = new CommandRunner(sandbox.LeaseWorld());
        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve")).ExitCode);
        const string DeletedRolesId = "AROA3EXAMPLEEXAMPLE12";
        var orphaned = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{DeletedRolesId}}"},"Action":"sts:AssumeRole"}]}""";
        await run.DestinationIam().UpdateTrustPolicyAsync("assume_role", orphaned, CancellationToken.None);
        var stateBefore = File.ReadAllText(run.StatePath);

        var text = await run.RunAsync("status");
        var json = await run.RunAsync("status", "--output", "json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains(
            $"changed  aws_iam_role.assume_role  its trust policy names {DeletedRolesId} instead of a role or user ARN: IAM put that unique id there " +
            "when the trusted role or user was deleted",
            text.Stdout,
            StringComparison.Ordinal);
        Assert.Contains("'assumerole create-role' (with the same --trusted-principal) writes the ARN again", text.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Stdout);
        var drift = Assert.Single(document.RootElement.GetProperty("drift").EnumerateArray().ToList());
        Assert.Equal("changed", drift.GetProperty("kind").GetString());
        Assert.StartsWith($"its trust policy names {DeletedRolesId}", drift.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(stateBefore, File.ReadAllText(run.StatePath));

        Assert.Equal(0, (await run.RunAsync("create-role", "--auto-approve")).ExitCode);
        Assert.Contains("None: AWS matches the state file.", (await run.RunAsync("status")).Stdout, StringComparison.Ordinal);
    }
}
