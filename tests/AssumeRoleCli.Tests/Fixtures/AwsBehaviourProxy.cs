using AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>
/// A loopback HTTP proxy in front of moto that reproduces documented AWS behaviour moto lacks (IAM propagation
/// delays, 409 conflicts, MaxSessionDuration and trust-policy checks on AssumeRole, RunInstances ClientToken
/// idempotency, throttling and other faults). Requests are forwarded byte for byte, so moto still checks the
/// SigV4 signatures. Each test opens its own <see cref="AwsBehaviourScope"/> (own endpoint, rules, counts):
/// <code>
/// using var aws = sandbox.Proxy.OpenScope(sandbox.LeaseWorld());
/// aws.Add(new DeleteConflictAfterDetach(TimeSpan.FromSeconds(10)));
/// var world = aws.World!; // world.EndpointUrl goes through the proxy
/// </code>
/// </summary>
public sealed class AwsBehaviourProxy : IDisposable
{
    public AwsBehaviourProxy(string motoEndpointUrl, string region)
    {
        MotoEndpointUrl = motoEndpointUrl;
        Forwarder = new MotoForwarder(new Uri(motoEndpointUrl));
        Roles = new RoleDirectory(motoEndpointUrl, region);
    }

    public string MotoEndpointUrl { get; }

    /// <summary>A proxy in front of moto that already knows the keys of <paramref name="worlds"/>.</summary>
    public static AwsBehaviourProxy For(string motoEndpointUrl, string region, IEnumerable<TwoAccountWorld> worlds)
    {
        ArgumentNullException.ThrowIfNull(worlds);
        var proxy = new AwsBehaviourProxy(motoEndpointUrl, region);
        foreach (var world in worlds)
        {
            proxy.Register(world);
        }

        return proxy;
    }

    /// <summary>Access key → identity; fed by <see cref="Register"/> and by AssumeRole answers.</summary>
    public CallerDirectory Callers { get; } = new();

    public RoleDirectory Roles { get; }

    internal MotoForwarder Forwarder { get; }

    /// <summary>Makes a world's keys known: its source user, its destination admin (also used to read its roles).</summary>
    public void Register(TwoAccountWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var source = world.SourceCredentials().GetCredentials();
        var admin = world.DestinationAdminCredentials();
        Callers.Register(source.AccessKey, world.SourceUserArn);
        Callers.Register(admin.GetCredentials().AccessKey, world.DestinationAdminArn);
        Roles.RegisterAdmin(world.DestinationAccountId, admin);
    }

    /// <summary>A new endpoint with no rules yet; <paramref name="world"/> comes back rerouted as <see cref="AwsBehaviourScope.World"/>.</summary>
    public AwsBehaviourScope OpenScope(TwoAccountWorld? world = null) => new(this, world);

    public void Dispose()
    {
        Forwarder.Dispose();
        Roles.Dispose();
    }
}
