using System.Globalization;

namespace AssumeRoleCli.Provisioning;

/// <summary>
/// When something we made expires: the <see cref="ManagedTags.ExpiresAtKey"/> tag (UTC, ISO 8601, whole seconds), set
/// by <c>--ttl</c> on create-role and launch-instance, shown by status and honoured by <c>teardown --expired</c>.
/// A tag that is not such a time is no expiry: nothing is ever destroyed on a value we cannot read.
/// </summary>
public sealed record Expiry(DateTimeOffset At)
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>The tag's value: <c>2026-12-06T18:00:00Z</c>.</summary>
    public string Tag => At.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary><paramref name="ttl"/> from now, to the second.</summary>
    public static Expiry After(TimeSpan ttl, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var at = time.GetUtcNow() + ttl;
        return new Expiry(new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
    }

    /// <summary>The expiry the tags carry; null when they carry none (or one that is not a time).</summary>
    public static Expiry? Of(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.TryGetValue(ManagedTags.ExpiresAtKey, out var value)
            && DateTimeOffset.TryParseExact(value, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? new Expiry(at)
            : null;
    }

    /// <summary>Past it at <paramref name="now"/> (the expiry instant itself counts as past).</summary>
    public bool IsPast(DateTimeOffset now) => now >= At;

    /// <summary>True when the tags carry an expiry that is past at <paramref name="now"/>.</summary>
    public static bool HasPassed(IReadOnlyDictionary<string, string> tags, DateTimeOffset now) => Of(tags)?.IsPast(now) ?? false;

    /// <summary>For a plan note: <c>expires at 2026-12-06T18:00:00Z</c>, or <c>has no expiry</c>.</summary>
    public static string Describe(Expiry? expiry) => expiry is null ? "has no expiry" : $"expires at {expiry.Tag}";
}
