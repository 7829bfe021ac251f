using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Cli;

/// <summary>status's EXPIRES column: only when something has an expiry, and "expired" once past it.</summary>
public class StatusTextExpiryTests
{
    private static RoleReport Role(string? expiresAt, bool expired) => new(
        "arn:aws:iam::111122223333:role/a", true, true, null, true, [], [], 3600, new Dictionary<string, string>())
    {
        ExpiresAt = expiresAt,
        Expired = expired,
    };

    private static InstanceReport Instance(string id, string? expiresAt, bool expired) =>
        new("aws_instance.this[0]", id, "running", "t2.micro", "ami-1", "us-east-1", null, "111122223333", null, null, "arn:aws:iam::111122223333:role/a")
        {
            ExpiresAt = expiresAt,
            Expired = expired,
        };

    [Fact]
    public void ExpiredOnes_SayExpired_WithTheirTime_AndOthersTheirTimeOrADash()
    {
        var report = new StatusReport(
            [Role("2026-12-06T18:00:00Z", expired: true)],
            [Instance("i-1", "2026-12-06T17:00:00Z", expired: true), Instance("i-2", "2026-12-07T17:00:00Z", expired: false), Instance("i-3", null, false)],
            []);

        var lines = StatusText.Render(report).ReplaceLineEndings("\n").Split('\n');

        Assert.EndsWith("TAGS  EXPIRES", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("-     expired 2026-12-06T18:00:00Z", lines[3], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("i-1", StringComparison.Ordinal) && l.EndsWith("  expired 2026-12-06T17:00:00Z", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("i-2", StringComparison.Ordinal) && l.EndsWith("  2026-12-07T17:00:00Z", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("i-3", StringComparison.Ordinal) && l.EndsWith("  -", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ADDRESS", StringComparison.Ordinal) && l.EndsWith("EXPIRES", StringComparison.Ordinal));
    }

    [Fact]
    public void WithNoExpiryAnywhere_ThereIsNoExpiresColumn()
    {
        var text = StatusText.Render(new StatusReport([Role(null, false)], [Instance("i-1", null, false)], []));

        Assert.DoesNotContain("EXPIRES", text, StringComparison.Ordinal);
    }
}
