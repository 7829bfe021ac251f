using AssumeRoleCli.Provisioning;
using Microsoft.Extensions.Time.Testing;

namespace AssumeRoleCli.Tests.Provisioning;

public class ExpiryTests
{
    [Fact]
    public void After_IsNowPlusTheTtl_InUtc_ToTheSecond()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 16, 59, 59, 900, TimeSpan.Zero));

        var expiry = Expiry.After(TimeSpan.FromHours(1), time);

        Assert.Equal("2026-12-06T17:59:59Z", expiry.Tag);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 17, 59, 59, TimeSpan.Zero), expiry.At);
    }

    [Fact]
    public void Of_ReadsTheTag_AndIsPastFromThatSecondOn()
    {
        var tags = new Dictionary<string, string> { [ManagedTags.ExpiresAtKey] = "2026-12-06T18:00:00Z" };
        var at = new DateTimeOffset(2026, 12, 6, 18, 0, 0, TimeSpan.Zero);

        Assert.Equal(at, Expiry.Of(tags)!.At);
        Assert.False(Expiry.HasPassed(tags, at.AddSeconds(-1)));
        Assert.True(Expiry.HasPassed(tags, at));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tomorrow")]
    [InlineData("2026-12-06")]
    [InlineData("2026-12-06T18:00:00+02:00")]
    public void NoTag_OrOneThatIsNotSuchATime_IsNoExpiry_SoNothingIsEverDestroyedOnIt(string? value)
    {
        var tags = value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [ManagedTags.ExpiresAtKey] = value };

        Assert.Null(Expiry.Of(tags));
        Assert.False(Expiry.HasPassed(tags, DateTimeOffset.MaxValue));
    }

    [Fact]
    public void TheTagKey_IsReserved_SoNoUserTagCanSetIt()
    {
        Assert.NotNull(ManagedTags.ProblemWithUserTag($"{ManagedTags.ExpiresAtKey}=2099-01-01T00:00:00Z"));
    }
}
