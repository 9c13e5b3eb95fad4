using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Entities;

/// <summary>
/// The matcher for the entities table as it is now: built on first use from every entity's name and
/// aliases, and built again on the first use after any entity write (see ContentWriter and ChangeFeedFollower).
/// A matcher is immutable, so callers keep using the one they got while a newer one is built.
/// </summary>
public sealed class EntityMatchers : IDisposable
{
    private readonly SemaphoreSlim _building = new(1, 1);
    private int _version;
    private Built? _built;

    /// <summary>Marks the current matcher out of date: the next <see cref="GetAsync"/> builds a new one.</summary>
    public void Invalidate() => Interlocked.Increment(ref _version);

    public async Task<EntityMatcher> GetAsync(ContentDb db, CancellationToken ct)
    {
        if (Volatile.Read(ref _built) is { } built && built.Version == Volatile.Read(ref _version))
        {
            return built.Matcher;
        }

        await _building.WaitAsync(ct);
        try
        {
            var version = Volatile.Read(ref _version);
            if (Volatile.Read(ref _built) is { } current && current.Version == version)
            {
                return current.Matcher;
            }

            var entities = await db.Entities.AsNoTracking().Select(e => new { e.Id, e.Name, e.Aliases }).ToListAsync(ct);
            var matcher = EntityMatcher.Build(entities.Select(e => (e.Id, e.Name, (IReadOnlyList<string>)e.Aliases)));
            // Built from what the table held at `version`: a write since then leaves it out of date.
            Volatile.Write(ref _built, new Built(matcher, version));
            return matcher;
        }
        finally
        {
            _building.Release();
        }
    }

    public void Dispose() => _building.Dispose();

    private sealed record Built(EntityMatcher Matcher, int Version);
}

/// <summary>Wakes the extraction job runner when a job is queued; the runner also looks now and then on its own.</summary>
public sealed class ExtractionJobSignal
{
    private readonly Channel<bool> _queued = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _queued.Writer.TryWrite(true);

    /// <summary>Waits until notified or until <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            await _queued.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Timed out: look anyway.
        }
    }
}
