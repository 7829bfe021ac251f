using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Web;

namespace AssumeRoleCli.Tests.Fixtures;

/// <summary>One getSigninToken request as the stand-in saw it: its path, its query, and the Session JSON's members.</summary>
internal sealed record FederationRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string>? Session)
{
    public string SessionId => Session!["sessionId"];

    public string SessionKey => Session!["sessionKey"];

    public string SessionToken => Session!["sessionToken"];
}

/// <summary>How the stand-in answers.</summary>
internal enum FederationAnswer
{
    /// <summary>200 with a SigninToken, for a request AWS would take; 400 otherwise.</summary>
    Token,

    /// <summary>500, as an endpoint having a bad day.</summary>
    ServerError,

    /// <summary>Never: the request is read and left unanswered until the stand-in is disposed.</summary>
    Silence,
}

/// <summary>
/// A local stand-in for the AWS federation endpoint (<c>GET /federation?Action=getSigninToken</c>) on 127.0.0.1, for
/// AWS_ENDPOINT_URL_SIGNIN. It checks the request as AWS would (the action, a Session JSON of exactly sessionId,
/// sessionKey and sessionToken, a SessionDuration of 900-43200 when one is given) and answers a SigninToken of its
/// own, different for every stand-in; it records every request.
/// </summary>
internal sealed class FederationStandIn : IDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentBag<HttpListenerContext> _unanswered = [];

    public FederationStandIn(FederationAnswer answer = FederationAnswer.Token)
    {
        Answer = answer;
        _server = new LoopbackHttpServer(AnswerAsync);
    }

    /// <summary>The base URL, for AWS_ENDPOINT_URL_SIGNIN.</summary>
    public Uri Url => _server.Url;

    /// <summary>The federation endpoint itself.</summary>
    public string Federation => $"{Url}federation";

    public FederationAnswer Answer { get; }

    /// <summary>The token this stand-in gives; a secret as far as the command knows.</summary>
    public string SigninToken { get; } = "standin-signin-token-" + Guid.NewGuid().ToString("N");

    public ConcurrentQueue<FederationRequest> Requests { get; } = new();

    public void Dispose()
    {
        foreach (var context in _unanswered)
        {
            context.Response.Abort();
        }

        _server.Dispose();
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var query = HttpUtility.ParseQueryString(request.Url!.Query);
        var pairs = query.AllKeys.Where(key => key is not null).ToDictionary(key => key!, key => query[key] ?? "", StringComparer.Ordinal);
        var seen = new FederationRequest(request.HttpMethod, request.Url.AbsolutePath, pairs, SessionOf(pairs.GetValueOrDefault("Session")));
        Requests.Enqueue(seen);
        if (Answer == FederationAnswer.Silence)
        {
            _unanswered.Add(context);
            return;
        }

        var (status, body) = Answer == FederationAnswer.ServerError ? (500, "<html>Internal error</html>")
            : IsWellFormed(seen) ? (200, JsonSerializer.Serialize(new Dictionary<string, string> { ["SigninToken"] = SigninToken }))
            : (400, "<html>Bad request</html>");
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = status == 200 ? "application/json" : "text/html";
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static bool IsWellFormed(FederationRequest seen) =>
        seen is { Method: "GET", Path: "/federation", Session.Count: 3 } &&
        seen.Query.GetValueOrDefault("Action") == "getSigninToken" &&
        new[] { "sessionId", "sessionKey", "sessionToken" }.All(key => seen.Session.TryGetValue(key, out var value) && value.Length > 0) &&
        (!seen.Query.TryGetValue("SessionDuration", out var duration) || (int.TryParse(duration, out var seconds) && seconds is >= 900 and <= 43200));

    /// <summary>The Session JSON's string members; null when it is absent or not a JSON object of strings.</summary>
    private static Dictionary<string, string>? SessionOf(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind != JsonValueKind.Object
                ? null
                : document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : "", StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
