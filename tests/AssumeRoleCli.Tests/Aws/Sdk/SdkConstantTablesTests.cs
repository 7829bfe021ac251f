using Amazon.EC2;
using Amazon.Runtime.Internal.Util;
using AssumeRoleCli.Aws.Sdk;

namespace AssumeRoleCli.Tests.Aws.Sdk;

/// <summary>
/// Program skips the SDK's reflection-built table of instance types (~28 ms of a Native AOT start). These prove the
/// skip reaches the SDK version we ship, that instance types then pass through as given both ways, and that no other
/// constant type loses its table.
/// </summary>
public sealed class SdkConstantTablesTests
{
    [Fact]
    public void AfterTheSkip_AnInstanceTypeIsReadAsGiven_NotLookedUpInTheSdksTable()
    {
        SdkConstantTables.SkipLargeTables();

        // With the SDK's table, FindValue answers with its own spelling, "t2.micro".
        Assert.Equal("T2.Micro", InstanceType.FindValue("T2.Micro").Value);
        Assert.Equal("t3.nano", ((InstanceType)"t3.nano").Value);
    }

    [Fact]
    public void AfterTheSkip_AnInstanceTypeIsSentAsGiven()
    {
        SdkConstantTables.SkipLargeTables();

        Assert.Equal("m7g.large", StringUtils.FromString(new InstanceType("m7g.large")));
        Assert.Equal("t2.micro", StringUtils.FromString(InstanceType.T2Micro));
    }

    [Fact]
    public void OtherConstantTypes_KeepTheSdksTable()
    {
        SdkConstantTables.SkipLargeTables();

        Assert.Equal("instance", ResourceType.FindValue("INSTANCE").Value);
        Assert.Same(InstanceStateName.Running, InstanceStateName.FindValue("RUNNING"));
    }
}
