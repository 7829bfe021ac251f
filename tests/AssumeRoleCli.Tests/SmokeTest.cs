namespace AssumeRoleCli.Tests;

public class SmokeTest
{
    [Fact]
    public void True_IsTrue() => Assert.True(true);
}
