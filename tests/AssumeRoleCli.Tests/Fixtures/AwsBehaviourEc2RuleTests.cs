using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>EC2 RunInstances ClientToken idempotency, which moto lacks, made by the proxy.</summary>
public sealed class AwsBehaviourEc2RuleTests(MotoSandbox sandbox) : IClassFixture<MotoSandbox>
{
    [Fact]
    public async Task RunInstances_RepeatedWithTheSameClientToken_LaunchesOnce_AndOtherParametersMismatch()
    {
        using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
        var world = aws.World!;
        var idempotency = aws.Add(new ClientTokenIdempotency());
        using var ec2 = NoRetryClients.Ec2(world, world.DestinationAdminCredentials());
        var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["amazon"] })).Images[0].ImageId;
        RunInstancesRequest Launch(string token, InstanceType type) =>
            new() { ImageId = image, InstanceType = type, MinCount = 1, MaxCount = 1, ClientToken = token };

        var first = (await ec2.RunInstancesAsync(Launch("launch-1", InstanceType.T2Micro))).Reservation;
        var repeat = (await ec2.RunInstancesAsync(Launch("launch-1", InstanceType.T2Micro))).Reservation;
        Assert.Equal(first.ReservationId, repeat.ReservationId);
        Assert.Equal(first.Instances.Select(i => i.InstanceId), repeat.Instances.Select(i => i.InstanceId));

        var mismatch = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.RunInstancesAsync(Launch("launch-1", InstanceType.T3Micro)));
        Assert.Equal("IdempotentParameterMismatch", mismatch.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ec2.RunInstancesAsync(Launch("launch-2", InstanceType.T2Micro))));
        Assert.Single(concurrent.Select(c => c.Reservation.ReservationId).Distinct());
        Assert.NotEqual(first.ReservationId, concurrent[0].Reservation.ReservationId);

        var running = (await ec2.DescribeInstancesAsync(new())).Reservations.SelectMany(r => r.Instances).ToList();
        Assert.Equal(2, running.Count);
        Assert.Equal(2, aws.Requests.Forwarded("RunInstances"));
        Assert.Equal(6, aws.Requests.Received("RunInstances"));
        Assert.Equal(3, idempotency.Replayed);
    }
}
