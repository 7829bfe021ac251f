using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Tests.Provisioning.Instances;

public class SharedImageTests
{
    private static readonly MachineImage Ubuntu = new("ami-0123456789abcdef0", "ubuntu", "2026-12-01");

    [Fact]
    public async Task GetAsync_ManyAccountsAtOnce_LookOnce()
    {
        var image = new SharedImage();
        var lookups = 0;
        var answer = new TaskCompletionSource<MachineImage>();

        var all = Enumerable.Range(0, 20).Select(_ => image.GetAsync(() =>
        {
            Interlocked.Increment(ref lookups);
            return answer.Task;
        })).ToList();
        answer.SetResult(Ubuntu);

        Assert.All(await Task.WhenAll(all), found => Assert.Same(Ubuntu, found));
        Assert.Equal(1, lookups);
    }

    [Fact]
    public async Task GetAsync_AnAccountWhoseLookupFailed_FailsAlone_AndTheOthersLookForThemselves()
    {
        var image = new SharedImage();
        var refused = new TaskCompletionSource<MachineImage>();
        var first = image.GetAsync(() => refused.Task);
        var second = image.GetAsync(() => Task.FromResult(Ubuntu)); // waits on the first account's lookup

        refused.SetException(new UnauthorizedAccessException("the first account's role may not describe images"));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => first);
        Assert.Same(Ubuntu, await second);
        Assert.Same(Ubuntu, await image.GetAsync(() => Task.FromResult(Ubuntu))); // and a later one looks afresh
    }
}
