using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Runtime;
using AssumeRoleCli.Aws.Calls;

namespace AssumeRoleCli.Aws.Signin;

/// <summary>The federation endpoint, thinly: a role's session in, a sign-in token out.</summary>
public interface ISigninApi
{
    /// <summary>getSigninToken for <paramref name="session"/> (secrets: they travel only to the endpoint).</summary>
    /// <param name="sessionDurationSeconds">The console session's length; null leaves it to AWS (a chained session must).</param>
    /// <exception cref="SigninException">The endpoint could not be reached, did not answer in time, refused, or gave no token.</exception>
    Task<string> GetSigninTokenAsync(Uri federation, ImmutableCredentials session, int? sessionDurationSeconds, string region, CancellationToken ct);
}

/// <summary>What getSigninToken is given as <c>Session</c>. Holds secrets.</summary>
internal sealed record SigninSession(
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("sessionKey")] string SessionKey,
    [property: JsonPropertyName("sessionToken")] string SessionToken);

/// <summary>getSigninToken's answer. Holds a secret.</summary>
internal sealed record SigninTokenAnswer([property: JsonPropertyName("SigninToken")] string? SigninToken);

[JsonSerializable(typeof(SigninSession))]
[JsonSerializable(typeof(SigninTokenAnswer))]
internal sealed partial class SigninJsonContext : JsonSerializerContext;

/// <summary>
/// getSigninToken over HTTPS with a bounded wait. The request's query holds the session's keys, so nothing here ever
/// names the URL: errors and the --verbose trace (an <see cref="AwsCallRecord"/> like every AWS call's) say only the
/// endpoint's host, the status and the masked key id.
/// </summary>
public sealed class SigninClient : ISigninApi, IDisposable
{
    /// <summary>Enough for a token (about 1 KB) and any error page; more is not an answer of the endpoint.</summary>
    private const int MaxAnswerBytes = 64 * 1024;

    private readonly HttpClient _http;
    private readonly AwsCallLog _calls;
    private readonly TimeSpan _timeout;

    /// <param name="timeout">How long the endpoint may take to answer, connection included.</param>
    public SigninClient(AwsCallLog calls, TimeSpan timeout)
    {
        _calls = calls;
        _timeout = timeout;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout, AllowAutoRedirect = false })
        {
            Timeout = timeout,
            MaxResponseContentBufferSize = MaxAnswerBytes,
        };
    }

    public void Dispose() => _http.Dispose();

    public async Task<string> GetSigninTokenAsync(Uri federation, ImmutableCredentials session, int? sessionDurationSeconds, string region, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(new SigninSession(session.AccessKey, session.SecretKey, session.Token), SigninJsonContext.Default.SigninSession);
        var duration = sessionDurationSeconds is { } seconds ? $"&SessionDuration={seconds.ToString(CultureInfo.InvariantCulture)}" : "";
        var request = new Uri($"{federation}?Action=getSigninToken{duration}&Session={Uri.EscapeDataString(json)}");
        var endpoint = federation.Authority;
        var clock = Stopwatch.StartNew();
        int? status = null;
        string? failure = null;
        try
        {
            using var response = await _http.GetAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            status = (int)response.StatusCode;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failure = $"HTTP {status}";
                throw new SigninException(
                    $"The federation endpoint {endpoint} refused getSigninToken: HTTP {status} {response.ReasonPhrase} (an expired session, or one AWS does not sign in to the console).");
            }

            var answer = await ReadTokenAsync(response, ct);
            if (string.IsNullOrEmpty(answer?.SigninToken))
            {
                failure = "no SigninToken";
                throw new SigninException($"The federation endpoint {endpoint} answered getSigninToken without a SigninToken; is it really AWS's ({ConsoleEndpoints.OverrideVariable})?");
            }

            return answer.SigninToken;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            failure = "timed out";
            throw new SigninException(
                $"The federation endpoint {endpoint} did not answer getSigninToken within {_timeout.TotalSeconds:0} s; check the network (and {ConsoleEndpoints.OverrideVariable}, if set), then rerun.");
        }
        catch (HttpRequestException error)
        {
            // .NET names host and port at most, never the query; the URL is taken out all the same, should that change.
            failure = error.HttpRequestError.ToString();
            var said = AwsErrorCodes.OneLine(error.Message).Replace(request.ToString(), endpoint, StringComparison.Ordinal);
            throw new SigninException($"Could not reach the federation endpoint {endpoint}: {said} (check the network, and {ConsoleEndpoints.OverrideVariable}, if set).");
        }
        finally
        {
            _calls.Completed(new AwsCallRecord(
                "signin", "getSigninToken", region, _calls.IdentityOf(session.AccessKey) ?? "the role's session",
                AwsCallRecord.MaskAccessKeyId(session.AccessKey), 1, status, clock.Elapsed, null, null, failure));
        }
    }

    private static async Task<SigninTokenAnswer?> ReadTokenAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            return await JsonSerializer.DeserializeAsync(body, SigninJsonContext.Default.SigninTokenAnswer, ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The console could not be signed in to: one line that names no secret.</summary>
public sealed class SigninException : Exception
{
    public SigninException(string message)
        : base(message)
    {
    }
}
