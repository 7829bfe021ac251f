using Amazon.Runtime;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Provisioning;

public class BackoffTests
{
    private readonly AutoAdvancingTime _clock = new();
    private readonly List<string> _events = [];

    private static AmazonServiceException Refusal(string code) => new($"{code} from the test") { ErrorCode = code };

    /// <summary>A call refused with <paramref name="code"/> <paramref name="times"/> times, then answering its attempt number.</summary>
    private Func<Task<int>> RefusedFirst(int times, string code = "ConcurrentModification")
    {
        var attempts = 0;
        return () =>
        {
            attempts++;
            _events.Add($"call@{_clock.Elapsed.TotalSeconds}");
            return attempts <= times ? Task.FromException<int>(Refusal(code)) : Task.FromResult(attempts);
        };
    }

    private Task<int> RetryAsync(Func<Task<int>> call, TimeSpan limit) => new Backoff(_clock, limit).RetryAsync(
        call,
        error => Task.FromResult(error.ErrorCode == "ConcurrentModification"),
        CancellationToken.None,
        beforeWait: _ => { _events.Add("before"); return Task.CompletedTask; },
        afterWait: _ => { _events.Add("after"); return Task.CompletedTask; });

    [Fact]
    public async Task ATransientRefusal_IsRetriedAfter1s2s4s_WithTheHooksAroundEachWait()
    {
        var attempt = await RetryAsync(RefusedFirst(3), TimeSpan.FromMinutes(2));

        Assert.Equal(4, attempt);
        Assert.Equal([1, 2, 4], _clock.Delays.Select(d => d.TotalSeconds));
        Assert.Equal(["call@0", "before", "after", "call@1", "before", "after", "call@3", "before", "after", "call@7"], _events);
    }

    [Fact]
    public async Task AnyOtherRefusal_FailsAtOnce()
    {
        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => RetryAsync(RefusedFirst(1, "AccessDenied"), TimeSpan.FromMinutes(2)));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Empty(_clock.Delays);
    }

    [Fact]
    public async Task NoAttemptStartsPastTheLimit_TheLastRefusalIsThrown()
    {
        // 0, 1, 3, 7: the next attempt would start at 12 s, past the 10 s limit.
        var error = await Assert.ThrowsAsync<AmazonServiceException>(() => RetryAsync(RefusedFirst(100), TimeSpan.FromSeconds(10)));

        Assert.Equal("ConcurrentModification", error.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(7), _clock.Elapsed);
        Assert.Equal(4, _events.Count(e => e.StartsWith("call", StringComparison.Ordinal)));
    }

    [Fact]
    public void TheSchedule_LooksAtOnce_Then1s_DoublesAndCapsAt5s()
    {
        Assert.Equal([0, 1, 2, 4, 5, 5, 5], Enumerable.Range(0, 7).Select(a => Backoff.DelayBefore(a).TotalSeconds));
    }

    [Fact]
    public async Task Until_LooksOnTheSchedule_AndStopsAtTheLastLookThatStartsWithinTheLimit()
    {
        var looks = new List<double>();

        var last = await new Backoff(_clock, TimeSpan.FromSeconds(10)).UntilAsync(
            _ => { looks.Add(_clock.Elapsed.TotalSeconds); return Task.FromResult(looks.Count); },
            _ => false,
            CancellationToken.None);

        Assert.Equal([0, 1, 3, 7], looks);
        Assert.Equal(4, last);
    }

    [Fact]
    public async Task Until_WithALastLookAtTheDeadline_LooksOnceMoreAtTheLimitItself()
    {
        var looks = new List<double>();

        await new Backoff(_clock, TimeSpan.FromSeconds(10)).UntilAsync(
            _ => { looks.Add(_clock.Elapsed.TotalSeconds); return Task.FromResult(looks.Count); },
            _ => false,
            CancellationToken.None,
            lastLookAtDeadline: true);

        Assert.Equal([0, 1, 3, 7, 10], looks);
    }

    [Fact]
    public async Task Until_FromALookAlreadyMade_StopsAsSoonAsItHolds()
    {
        var looks = 0;

        var last = await new Backoff(_clock, TimeSpan.FromMinutes(1)).UntilAsync(0, _ => Task.FromResult(++looks), n => n == 2, CancellationToken.None);

        Assert.Equal(2, last);
        Assert.Equal([1, 2], _clock.Delays.Select(d => d.TotalSeconds));
    }
}
