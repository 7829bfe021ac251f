using AssumeRoleCli.Cli;

namespace AssumeRoleCli.Tests.Cli;

public class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("1m30s", 90)]
    public void TryParse_ReadsTerraformDurations(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("0s")]
    [InlineData("ten minutes")]
    [InlineData("-5m")]
    public void TryParse_RejectsOthers(string text) => Assert.False(Durations.TryParse(text, out _));
}
