using Amazon.Runtime.SharedInterfaces;
using AssumeRoleCli.Aws;
using AssumeRoleCli.Aws.Organizations;

namespace AssumeRoleCli.Tests.Fakes;

/// <summary>
/// A client factory that hands out in-memory fakes: one STS per profile, one IAM, and EC2 clients named after whose
/// credentials they carry ("assumed" for a role's, else the profile's name).
/// </summary>
internal sealed class FakeClientFactory : IAwsClientFactory
{
    private readonly Dictionary<IEc2Api, string> _ec2Names = [];

    public Dictionary<string, FakeSts> StsByProfile { get; } = new(StringComparer.Ordinal);

    public FakeIamApi Iam { get; } = new();

    /// <summary>The one Organizations every session gets.</summary>
    public FakeOrganizationsApi Organizations { get; } = new();

    /// <summary>The one EC2 every client shares (its name is still told apart by <see cref="NameOf"/>).</summary>
    public FakeEc2Api Ec2 { get; } = new();

    public string NameOf(IEc2Api ec2) => _ec2Names[ec2];

    IStsApi IAwsClientFactory.Sts(AwsSession session) => StsByProfile[session.ProfileName];

    IIamApi IAwsClientFactory.Iam(AwsSession session) => Iam;

    IOrganizationsApi IAwsClientFactory.Organizations(AwsSession session) => Organizations;

    ICoreAmazonSTS IAwsClientFactory.CredentialsSts(AwsSession caller) => throw NotForFakes();

    ICoreAmazonSSO IAwsClientFactory.SsoPortal(AwsSession ssoProfile) => throw NotForFakes();

    ICoreAmazonSSOOIDC IAwsClientFactory.SsoOidc(AwsSession ssoProfile) => throw NotForFakes();

    private static NotSupportedException NotForFakes() =>
        new("This test resolves a profile that calls AWS for its credentials; use ProfileFiles and its local stand-in.");

    IEc2Api IAwsClientFactory.Ec2(AwsSession session)
    {
        var view = new NamedEc2(Ec2);
        _ec2Names[view] = StsByProfile.Values.Any(s => ReferenceEquals(session.Credentials, s.Issued)) ? "assumed" : session.ProfileName;
        return view;
    }

    /// <summary>The shared fake under another identity, so tests can tell which credentials were used.</summary>
    private sealed class NamedEc2(FakeEc2Api inner) : IEc2Api
    {
        public Task<IReadOnlyList<MachineImage>> DescribeImagesAsync(string owner, string namePattern, CancellationToken ct) => inner.DescribeImagesAsync(owner, namePattern, ct);

        public Task<bool> InstanceTypeExistsAsync(string instanceType, CancellationToken ct) => inner.InstanceTypeExistsAsync(instanceType, ct);

        public Task<LaunchedReservation> RunInstancesAsync(LaunchRequest request, CancellationToken ct) => inner.RunInstancesAsync(request, ct);

        public Task<IReadOnlyList<InstanceInfo>> DescribeInstancesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken ct) => inner.DescribeInstancesAsync(instanceIds, ct);

        public Task<IReadOnlyList<InstanceInfo>> FindInstancesAsync(IReadOnlyDictionary<string, string> tags, IReadOnlyCollection<string> states, CancellationToken ct) =>
            inner.FindInstancesAsync(tags, states, ct);

        public Task<IReadOnlyDictionary<string, string>> TerminateInstancesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken ct) => inner.TerminateInstancesAsync(instanceIds, ct);
    }
}
