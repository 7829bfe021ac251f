using AssumeRoleCli.Cli;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.Tests.Fakes;

namespace AssumeRoleCli.Tests.Cli;

/// <summary>The progress voice's own timers: every running resource, and every wait, says so every 10 s.</summary>
public sealed class TerraformProgressTests : IDisposable
{
    private readonly AutoAdvancingTime _clock = new();
    private readonly StringWriter _stderr = new();
    private readonly TerraformProgress _progress;

    public TerraformProgressTests()
    {
        _progress = new TerraformProgress(_stderr, _clock);
    }

    private string[] Lines => _stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Lets time pass as a wait does (the fake clock moves a second at a time, so timers fire when due).</summary>
    private Task PassAsync(int seconds) => Task.Delay(TimeSpan.FromSeconds(seconds), _clock);

    public void Dispose()
    {
        _progress.Dispose();
        _stderr.Dispose();
    }

    [Fact]
    public async Task EveryResource_TicksOnItsOwnTimer_UntilItCompletes()
    {
        await _progress.StartingAsync("aws_instance.this[0]", ChangeAction.Create);
        await PassAsync(5);
        await _progress.StartingAsync("aws_instance.this[1]", ChangeAction.Create);
        await PassAsync(16);
        await _progress.CompletedAsync("aws_instance.this[0]", ChangeAction.Create, "i-0");
        await PassAsync(10);

        Assert.Equal(
            [
                "aws_instance.this[0]: Creating...",
                "aws_instance.this[1]: Creating...",
                "aws_instance.this[0]: Still creating... [10s elapsed]",
                "aws_instance.this[1]: Still creating... [10s elapsed]",
                "aws_instance.this[0]: Still creating... [20s elapsed]",
                "aws_instance.this[0]: Creation complete after 21s [id=i-0]",
                "aws_instance.this[1]: Still creating... [20s elapsed]",
            ],
            Lines);
    }

    [Fact]
    public async Task DestroyAndModify_TickInTheirOwnWords()
    {
        await _progress.StartingAsync("aws_iam_role.assume_role", ChangeAction.Update, "assume_role");
        await _progress.StartingAsync("aws_instance.this[0]", ChangeAction.Delete, "i-0");
        await PassAsync(10);

        Assert.Contains("aws_iam_role.assume_role: Still modifying... [10s elapsed]", Lines);
        Assert.Contains("aws_instance.this[0]: Still destroying... [10s elapsed]", Lines);
    }

    [Fact]
    public async Task AStoppedResource_FallsSilent_AndStoppingAgainAfterCompletionIsHarmless()
    {
        await _progress.StartingAsync("aws_iam_role.assume_role", ChangeAction.Create);
        await PassAsync(12);
        await _progress.StoppedAsync("aws_iam_role.assume_role");
        await PassAsync(60);
        await _progress.StartingAsync("aws_instance.this[0]", ChangeAction.Create);
        await _progress.CompletedAsync("aws_instance.this[0]", ChangeAction.Create, "i-0");
        await _progress.StoppedAsync("aws_instance.this[0]");
        await PassAsync(60);

        Assert.Equal(
            [
                "aws_iam_role.assume_role: Creating...",
                "aws_iam_role.assume_role: Still creating... [10s elapsed]",
                "aws_instance.this[0]: Creating...",
                "aws_instance.this[0]: Creation complete after 0s [id=i-0]",
            ],
            Lines);
    }

    [Fact]
    public async Task AWait_SaysItsNote_ThenStillWaitingEvery10s_UntilStopped()
    {
        await _progress.WaitingAsync("role assume_role", "Waiting for role assume_role to become usable...");
        await PassAsync(25);
        await _progress.StoppedAsync("role assume_role");
        await PassAsync(30);

        Assert.Equal(
            [
                "Waiting for role assume_role to become usable...",
                "Still waiting for role assume_role... [10s elapsed]",
                "Still waiting for role assume_role... [20s elapsed]",
            ],
            Lines);
    }

    [Fact]
    public async Task Disposing_StopsEveryTimerStillRunning()
    {
        await _progress.StartingAsync("aws_instance.this[0]", ChangeAction.Create);
        await _progress.WaitingAsync("role r", "Waiting for role r...");
        _progress.Dispose();
        await PassAsync(60);

        Assert.Equal(["aws_instance.this[0]: Creating...", "Waiting for role r..."], Lines);
    }

    [Fact]
    public async Task APlanningRead_SaysNothingWhileQuick_AndSaysWhatItReadsWhenSlow_UntilItStops()
    {
        await _progress.RefreshingAsync("aws_iam_role.quick", "quick");
        await PassAsync(1);
        await _progress.StoppedAsync("aws_iam_role.quick");
        await _progress.RefreshingAsync("aws_iam_role.slow", "slow");
        await PassAsync(13);
        await _progress.StoppedAsync("aws_iam_role.slow");
        await PassAsync(20);

        Assert.Equal(
            [
                "aws_iam_role.slow: Refreshing state... [id=slow]",
                "aws_iam_role.slow: Still refreshing... [12s elapsed]",
            ],
            Lines);
    }
}
