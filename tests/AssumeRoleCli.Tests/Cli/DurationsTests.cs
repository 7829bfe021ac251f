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
    [InlineData("99999999999s")]
    [InlineData("99999999999999999999999h")]
    [InlineData("25h")]
    [InlineData("10m\n")]
    public void TryParse_RejectsOthers(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void TwentyFourHours_IsTheLongest()
    {
        Assert.True(Durations.TryParse("24h", out var longest));
        Assert.Equal(Durations.Longest, longest);
        Assert.False(Durations.TryParse("24h1s", out _));
    }
}
