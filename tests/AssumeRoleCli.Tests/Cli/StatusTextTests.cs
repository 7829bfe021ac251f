using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Cli;

public class StatusTextTests
{
    private static RoleReport Role(string name, bool? exists, string? notAssumable = null) => new(
        $"arn:aws:iam::111122223333:role/{name}", exists, notAssumable is null, notAssumable, true, [], [], null, new Dictionary<string, string>());

    private static InstanceReport Instance(string address, string id, string role) =>
        new(address, id, "running", "t2.micro", "ami-1", "us-east-1", null, "111122223333", "10.0.0.1", null, $"arn:aws:iam::111122223333:role/{role}");

    [Fact]
    public void Tables_AreAligned_WithDashesForWhatIsNotKnown_AndSayWhyARoleIsNotAssumable()
    {
        var report = new StatusReport(
            [Role("a", exists: null, notAssumable: "AWS said AccessDenied")],
            [Instance("aws_instance.this[0]", "i-1", "a"), Instance("aws_instance.this[10]", "i-22", "a")],
            [new DriftReport(DriftReport.Missing, "aws_instance.this[1]", "i-3 is gone")]);

        var lines = StatusText.Render(report).ReplaceLineEndings("\n").Split('\n');

        Assert.Equal("ROLE                              EXISTS   ASSUMABLE  RECORDED  MAX SESSION  LAST USED  TRUSTS  POLICIES  TAGS", lines[2]);
        Assert.Equal("arn:aws:iam::111122223333:role/a  unknown  no         yes       -            -          -       -         -", lines[3]);
        Assert.Contains("Not assumable: AWS said AccessDenied.", lines);
        Assert.Contains("aws_instance.this[0]   i-1   running  t2.micro  ami-1  us-east-1  -         10.0.0.1    -          111122223333", lines);
        Assert.Contains("aws_instance.this[10]  i-22  running  t2.micro  ami-1  us-east-1  -         10.0.0.1    -          111122223333", lines);
        Assert.Contains("missing  aws_instance.this[1]  i-3 is gone", lines);
        Assert.DoesNotContain(lines, l => l.EndsWith(' '));
    }

    [Fact]
    public void LastUsed_IsWhenAndWhere_AsIamSaysIt_ElseADash()
    {
        var report = new StatusReport(
            [
                Role("both", true) with { LastUsed = "2026-12-05T09:30:00Z", LastUsedRegion = "eu-west-1" },
                Role("when", true) with { LastUsed = "2026-12-05T09:30:00Z" },
                Role("never", true),
            ],
            [],
            []);

        var lines = StatusText.Render(report).ReplaceLineEndings("\n").Split('\n');

        Assert.Contains(lines, l => l.StartsWith("arn:aws:iam::111122223333:role/both ", StringComparison.Ordinal) && l.Contains("  2026-12-05T09:30:00Z (eu-west-1)  ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("arn:aws:iam::111122223333:role/when ", StringComparison.Ordinal) && l.Contains("  2026-12-05T09:30:00Z  ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("arn:aws:iam::111122223333:role/never ", StringComparison.Ordinal) && l.Contains("  -            -  ", StringComparison.Ordinal));
    }

    [Fact]
    public void WithSeveralRoles_EachInstanceSaysWhoseItIs()
    {
        var report = new StatusReport([Role("a", true), Role("b", true)], [Instance("aws_instance.this[0]", "i-1", "b")], []);

        var text = StatusText.Render(report);

        Assert.Contains("ACCOUNT       ROLE", text, StringComparison.Ordinal);
        Assert.Contains("111122223333  arn:aws:iam::111122223333:role/b", text, StringComparison.Ordinal);
        Assert.Contains("None: AWS matches the state file.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ARoleIamNoLongerHas_GetsNoRow_AndNoNote_DriftSaysItIsMissing()
    {
        var report = new StatusReport(
            [Role("gone", exists: false, notAssumable: "Role arn:aws:iam::111122223333:role/gone no longer exists, so it cannot be assumed"), Role("here", true)],
            [],
            [new DriftReport(DriftReport.Missing, "aws_iam_role.gone", "recorded, but IAM has no such role")]);

        var text = StatusText.Render(report);

        Assert.DoesNotContain("arn:aws:iam::111122223333:role/gone  ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("no longer exists", text, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::111122223333:role/here  yes", text, StringComparison.Ordinal);
        Assert.Contains("missing  aws_iam_role.gone", text, StringComparison.Ordinal);
        Assert.Equal(
            "Roles:\n\nNo roles: IAM has no arn:aws:iam::111122223333:role/gone.\n",
            StatusText.Render(report with { Roles = [report.Roles[0]] }).ReplaceLineEndings("\n")[..66]);
    }

    [Fact]
    public void AnUnknownExists_SaysWhy()
    {
        var report = new StatusReport([Role("a", exists: null) with { ExistsUnknownBecause = "profile 'destination' was not found in c and d, so IAM was not asked" }], [], []);

        Assert.Contains("\nExists unknown: profile 'destination' was not found in c and d, so IAM was not asked.\n", StatusText.Render(report).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void OnANarrowTerminal_TablesBecomeBlocks_ThatFitItsWidth(int width)
    {
        var report = new StatusReport(
            [Role("assume_role", true) with
            {
                TrustPrincipals = ["arn:aws:iam::444455556666:root"],
                Policies = ["arn:aws:iam::aws:policy/AmazonEC2FullAccess"],
                MaxSessionDuration = 3600,
                Tags = new Dictionary<string, string> { ["ManagedBy"] = "AssumeRoleCli" },
            }],
            [Instance("aws_instance.this[0]", "i-0123456789abcdef0", "assume_role") with { LaunchTime = "2025-01-31T09:00:00Z", PublicIp = "54.1.2.3" }],
            [new DriftReport(DriftReport.Changed, "aws_iam_role.assume_role",
                "its trust policy no longer names the source account 444455556666 (it trusts arn:aws:iam::999999999999:root); 'assumerole create-role' restores it")]);

        var fitted = StatusText.Render(report, width).ReplaceLineEndings("\n");
        var full = StatusText.Render(report).ReplaceLineEndings("\n");

        Assert.All(fitted.Split('\n'), line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
        Assert.Contains("arn:aws:iam::111122223333:role/assume_role\n  exists       yes\n  assumable    yes\n", fitted, StringComparison.Ordinal);
        Assert.Contains("\n  policies     arn:aws:iam::aws:policy/AmazonEC2FullAccess\n", fitted, StringComparison.Ordinal);
        Assert.Contains("aws_instance.this[0]\n  id          i-0123456789abcdef0\n", fitted, StringComparison.Ordinal);
        Assert.Contains("\n  public ip   54.1.2.3\n", fitted, StringComparison.Ordinal);
        Assert.Contains("ROLE                                        EXISTS  ASSUMABLE", full, StringComparison.Ordinal); // not a terminal: full width
        Assert.Contains(full.Split('\n'), line => line.Length > 120);
    }

    [Fact]
    public void ATableThatFits_StaysATable()
    {
        var report = new StatusReport([Role("a", true)], [], []);

        Assert.Equal(StatusText.Render(report), StatusText.Render(report, 200));
    }

    [Fact]
    public void AcrossAccounts_OneRowPerAccount_TheUnreadableWithItsReason_AndEveryTableFitsTheTerminal()
    {
        var read = new AccountStatus(
            "111122223333", null, [Role("assume_role", true)], [Instance("account[\"111122223333\"].aws_instance.this[0]", "i-1", "assume_role")], []);
        var report = new AccountsStatusReport([read, new AccountStatus("444455556666", "AWS said AccessDenied", [], [], []), read with { Account = "777788889999" }]);

        var text = StatusText.Render(report, 80).ReplaceLineEndings("\n");
        var lines = text.Split('\n');

        Assert.True(report.AnyUnreadable);
        Assert.Contains("111122223333  yes     1      1 of 1     1          0", lines);
        Assert.Contains("444455556666  failed  -      -          -          -", lines);
        Assert.Contains("Account 444455556666 could not be read: AWS said AccessDenied", lines);
        Assert.Contains("account[\"111122223333\"].aws_instance.this[0]", text, StringComparison.Ordinal);
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} > 80: {line}"));
    }

    [Fact]
    public void AcrossAccounts_RolesAndAssumable_CountTheRolesShown_ADashWhenThereIsNone()
    {
        var report = new AccountsStatusReport(
        [
            new AccountStatus("111122223333", null, [Role("gone", exists: false, notAssumable: "it no longer exists")], [], []),
            new AccountStatus("444455556666", null, [Role("unknown", exists: null, notAssumable: "AWS said AccessDenied"), Role("here", true)], [], []),
        ]);

        var lines = StatusText.Render(report).ReplaceLineEndings("\n").Split('\n');

        Assert.Contains("111122223333  yes   0      -          0          0", lines);
        Assert.Contains("444455556666  yes   2      1 of 2     0          0", lines);
    }
}
