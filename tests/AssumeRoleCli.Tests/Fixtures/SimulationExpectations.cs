namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>Runs a batch of <see cref="SimulatedRequest"/>s and asserts each one's decision, naming every mismatch at once.</summary>
public static class SimulationExpectations
{
    public const string Allowed = "Allowed";
    public const string ImplicitlyDenied = "ImplicitlyDenied";

    public static async Task AssertDecisionsAsync(IReadOnlyList<(SimulatedRequest Request, string Expected)> cases)
    {
        Assert.Equal(cases.Count, cases.Select(c => c.Request.Name).Distinct().Count());
        var decisions = await PolicySimulator.JudgeAsync(cases.Select(c => c.Request));
        var wrong = cases
            .Where(c => decisions.GetValueOrDefault(c.Request.Name) != c.Expected)
            .Select(c => $"{c.Request.Name}: expected {c.Expected}, the simulator said {decisions.GetValueOrDefault(c.Request.Name) ?? "nothing"}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
