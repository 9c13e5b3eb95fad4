using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContentApi.Entities;

/// <summary>
/// The matcher for the entities table as it is now: built on first use from every entity's name and
/// aliases, and built again on the first use after any entity write (see <see cref="EntityWriteWatcher"/>).
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

/// <summary>
/// Notices saves that change entities or queue extraction jobs: the matcher is rebuilt (once the write
/// is committed, and again after, so a matcher built from uncommitted rows never outlives them) and
/// the job runner is woken once the job is committed.
/// </summary>
public sealed class EntityWriteWatcher(EntityMatchers matchers, ExtractionJobSignal jobs) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Noted> _saving = new();
    private readonly ConditionalWeakTable<DbContext, Noted> _uncommitted = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } db)
        {
            _saving.Remove(db);
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context, committed: true);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context, committed: true);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData.Context, committed: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context, committed: false);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var entries = context.ChangeTracker.Entries().ToList();
        var noted = new Noted(
            entries.Any(e => e.Entity is NamedEntity && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted),
            entries.Any(e => e.Entity is ExtractionJob && e.State == EntityState.Added));
        if (noted.Entities || noted.Jobs)
        {
            _saving.AddOrUpdate(context, noted);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_saving.TryGetValue(context, out var noted))
        {
            return;
        }

        _saving.Remove(context);
        if (noted.Entities)
        {
            matchers.Invalidate();
        }

        if (context.Database.CurrentTransaction is null)
        {
            Committed(noted);
        }
        else
        {
            var pending = _uncommitted.GetValue(context, _ => new Noted(false, false));
            _uncommitted.AddOrUpdate(context, new Noted(pending.Entities || noted.Entities, pending.Jobs || noted.Jobs));
        }
    }

    private void Ended(DbContext? context, bool committed)
    {
        if (context is null || !_uncommitted.TryGetValue(context, out var noted))
        {
            return;
        }

        _uncommitted.Remove(context);
        if (committed)
        {
            Committed(noted);
        }
        else if (noted.Entities)
        {
            matchers.Invalidate();
        }
    }

    private void Committed(Noted noted)
    {
        if (noted.Entities)
        {
            matchers.Invalidate();
        }

        if (noted.Jobs)
        {
            jobs.Notify();
        }
    }

    private sealed record Noted(bool Entities, bool Jobs);
}
