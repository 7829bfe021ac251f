using AssumeRoleCli.Aws;
using AssumeRoleCli.Tests.Fakes;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.State;

public class StateDocumentTests
{
    private static readonly RoleArn Role = RoleArn.For("aws", "111122223333", "assume_role");
    private static readonly RoleArn OtherRole = RoleArn.For("aws", "111122223333", "other_role");
    private static readonly DateTimeOffset When = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static LaunchRecord Launch(string token, RoleArn role, string region, params string[] ids) =>
        new(token, role.ToString(), region, Math.Max(1, ids.Length), ids, When);

    private static StateDocument State() => new()
    {
        Roles = [new RoleRecord(Role.ToString(), Role.RoleName, Role.AccountId, "444455556666", [], When)],
        Launches =
        [
            Launch("both", Role, "us-east-1", "i-1", "i-2"),
            Launch("partly", Role, "us-east-1", "i-3", "i-4"),
            Launch("crashed", Role, "us-east-1"),
            Launch("west", Role, "us-west-2", "i-5"),
            Launch("other", OtherRole, "us-east-1", "i-6"),
        ],
    };

    [Fact]
    public void ForgetInstances_DropsTheIds_AndLaunchesLeftEmpty_OfThisRoleAndRegionOnly()
    {
        var next = State().WithoutInstances(Role, "us-east-1", new HashSet<string> { "i-1", "i-2", "i-3", "i-5", "i-6" });

        Assert.Equal(["partly", "west", "other"], next.Launches.Select(l => l.ClientToken));
        Assert.Equal(["i-4"], next.Launches[0].InstanceIds);
        Assert.Equal(["i-5"], next.Launches[1].InstanceIds);
        Assert.Equal(["i-6"], next.Launches[2].InstanceIds);
        Assert.NotEmpty(next.Roles);
    }

    [Fact]
    public void ForgetInstances_WithNothingOfThisRole_ReturnsTheSameDocument_SoNothingIsWritten()
    {
        var state = State() with { Launches = [Launch("other", OtherRole, "us-east-1", "i-6")] };

        Assert.Same(state, state.WithoutInstances(Role, "us-east-1", new HashSet<string> { "i-6" }));
        Assert.Same(StateDocument.Empty, StateDocument.Empty.WithoutInstances(Role, "us-east-1", new HashSet<string>()));
    }

    [Fact]
    public void ForgetRole_ForgetsOnlyThatRole()
    {
        var state = State();

        Assert.Same(state, state.WithoutRole(OtherRole));
        Assert.Empty(state.WithoutRole(Role).Roles);
        Assert.Equal(5, state.WithoutRole(Role).Launches.Count);
    }

    [Fact]
    public void RecordedIds_AreThisRoleAndRegions_AndOtherRegionsAreNamed()
    {
        Assert.Equal(["i-1", "i-2", "i-3", "i-4"], State().InstanceIdsOf(Role, "us-east-1"));
        Assert.Equal(["us-west-2"], State().OtherRegionsOf(Role, "us-east-1"));
        Assert.Empty(State().OtherRegionsOf(OtherRole, "us-east-1"));
    }
}
