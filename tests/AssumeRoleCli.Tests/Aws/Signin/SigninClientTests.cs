using Amazon.Runtime;
using AssumeRoleCli.Aws.Calls;
using AssumeRoleCli.Aws.Signin;
using AssumeRoleCli.Tests.Fixtures;

namespace AssumeRoleCli.Tests.Aws.Signin;

public sealed class SigninClientTests
{
    [Fact]
    public async Task TheSession_ReachesTheEndpointExactly_WhateverCharactersItsSecretsHold()
    {
        using var federation = new FederationStandIn();
        var calls = new AwsCallLog();
        var traced = new List<AwsCallRecord>();
        using var listening = calls.Listen(traced.Add);
        using var client = new SigninClient(calls, TimeSpan.FromSeconds(30));
        var session = new ImmutableCredentials("ASIAEXAMPLE0000WXYZ", "se+cr/et=&%20\"x", "to+ken/==&Action=login");

        var token = await client.GetSigninTokenAsync(new Uri(federation.Federation), session, 900, "us-east-1", CancellationToken.None);

        Assert.Equal(federation.SigninToken, token);
        var request = Assert.Single(federation.Requests);
        Assert.Equal((session.AccessKey, session.SecretKey, session.Token), (request.SessionId, request.SessionKey, request.SessionToken));
        Assert.Equal(["Action", "SessionDuration", "Session"], request.Query.Keys);
        Assert.Equal(("getSigninToken", "900"), (request.Query["Action"], request.Query["SessionDuration"]));
        var call = Assert.Single(traced);
        Assert.Equal(("signin:getSigninToken", 200, "ASIA...WXYZ", "us-east-1"), (call.Action, call.HttpStatus!.Value, call.MaskedAccessKeyId!, call.Region));
    }
}
