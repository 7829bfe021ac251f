using System.Collections.Concurrent;

namespace AssumeRoleCli.Tests.Fixtures.AwsBehaviour;

/// <summary>When something last changed, per key, and whether that is less than a window ago on a given clock.</summary>
public sealed class RecentChanges<TKey>(TimeProvider clock)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, DateTimeOffset> _changedAt = new();

    public void Record(TKey key) => _changedAt[key] = clock.GetUtcNow();

    public void Forget(TKey key) => _changedAt.TryRemove(key, out _);

    public bool IsWithin(TKey key, TimeSpan window) =>
        window > TimeSpan.Zero && _changedAt.TryGetValue(key, out var at) && clock.GetUtcNow() - at < window;

    /// <summary>Keys changed less than <paramref name="window"/> ago that satisfy <paramref name="predicate"/>.</summary>
    public IEnumerable<TKey> Within(TimeSpan window, Func<TKey, bool> predicate) =>
        _changedAt.Keys.Where(key => predicate(key) && IsWithin(key, window));
}
