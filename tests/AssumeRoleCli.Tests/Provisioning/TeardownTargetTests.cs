using AssumeRoleCli.Aws;
using AssumeRoleCli.Provisioning;
using AssumeRoleCli.State;

namespace AssumeRoleCli.Tests.Provisioning;

public class TeardownTargetTests
{
    private static readonly CallerIdentity Destination = new("111122223333", "arn:aws:iam::111122223333:user/admin", "AIDA");
    private static readonly RoleRecord Recorded = new("arn:aws:iam::111122223333:role/team/recorded", "recorded", "111122223333", "444455556666", []);

    private static RoleArn Resolve(RoleArn? arn = null, string? name = null, RoleRecord? recorded = null, CallerIdentity? destination = null) =>
        TeardownTarget.ResolveRole(arn, name, recorded, destination, "assume_role", "destination", "state.json");

    [Fact]
    public void AnExplicitArn_Wins()
    {
        var arn = RoleArn.For("aws", "999999999999", "given");

        Assert.Same(arn, Resolve(arn, null, Recorded, Destination));
    }

    [Fact]
    public void WithNothingGiven_TheStateFilesRoleIsUsed_PathAndAll()
    {
        Assert.Equal(Recorded.Arn, Resolve(recorded: Recorded, destination: Destination).ToString());
        Assert.Equal(Recorded.Arn, Resolve(recorded: Recorded).ToString());
    }

    [Fact]
    public void WithNothingRecorded_AssumeRoleInTheDestinationAccount_IsUsed()
    {
        Assert.Equal("arn:aws:iam::111122223333:role/assume_role", Resolve(destination: Destination).ToString());
    }

    [Fact]
    public void ARoleName_IsLookedForInTheDestinationAccount()
    {
        Assert.Equal("arn:aws:iam::111122223333:role/named", Resolve(name: "named", recorded: Recorded, destination: Destination).ToString());
        Assert.Equal(Recorded.Arn, Resolve(name: "recorded", recorded: Recorded, destination: Destination).ToString());
    }

    [Fact]
    public void WithoutADestinationProfile_OnlyTheStateFileCanTellTheAccount()
    {
        Assert.Equal(Recorded.Arn, Resolve(name: "recorded", recorded: Recorded).ToString());

        var error = Assert.Throws<CliException>(() => Resolve(name: "named", recorded: Recorded));
        Assert.Contains("--role-arn", error.Message, StringComparison.Ordinal);
        Assert.Throws<CliException>(() => Resolve());
    }

    [Fact]
    public void AMangledRecordedArn_IsAnErrorNamingTheStateFile()
    {
        var error = Assert.Throws<CliException>(() => Resolve(recorded: Recorded with { Arn = "not-an-arn" }, destination: Destination));

        Assert.Contains("state.json", error.Message, StringComparison.Ordinal);
    }
}
