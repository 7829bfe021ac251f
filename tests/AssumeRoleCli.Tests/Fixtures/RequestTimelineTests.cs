using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>The critical path the round-trip tests count: requests that overlap never chain; one sent after another's answer does.</summary>
public class RequestTimelineTests
{
    private static TimedRequest At(string action, int startMs, int endMs) => new(action, TimeSpan.FromMilliseconds(startMs), TimeSpan.FromMilliseconds(endMs));

    [Fact]
    public void RequestsSentTogether_AreOneRoundTrip_AndTheLongestChainWins()
    {
        IReadOnlyList<TimedRequest> requests =
        [
            At("GetCallerIdentity", 0, 420), // still out when the policies are asked for: no chain through it
            At("GetRole", 2, 405),
            At("ListAttachedRolePolicies", 406, 810),
            At("GetRolePolicy", 407, 809),
            At("CreateRole", 900, 1300),
        ];

        var path = RequestTimeline.Longest(requests).Select(r => r.Action);

        Assert.Equal(["GetRole", "ListAttachedRolePolicies", "CreateRole"], path);
    }

    [Fact]
    public void ACallSentTheMomentTheOtherWasAnswered_Chains_AndNoRequestsIsNoPath()
    {
        Assert.Equal(2, RequestTimeline.Longest([At("AssumeRole", 0, 400), At("DescribeImages", 400, 800)]).Count);
        Assert.Empty(RequestTimeline.Longest([]));
    }
}
