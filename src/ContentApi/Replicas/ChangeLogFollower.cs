using ContentApi.Articles;
using ContentApi.Entities;
using ContentApi.Syndication;
using ContentApi.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Replicas;

public sealed class ReplicaOptions
{
    /// <summary>
    /// How often the change log (and the tables of tags, bylines and entities) are read for writes made by other
    /// processes on the same database (other replicas, the command-line import). It bounds how long this instance's
    /// lists, facets, related articles and kept answers may lag such a write.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Keeps what this instance holds in memory (the article catalog with its related-articles index, the answers the
/// response cache keeps, the entity matcher) coherent with writes made elsewhere, every Replicas:PollInterval:
/// <list type="bullet">
/// <item>Tags, bylines and entities: each table's row count and sum of row versions are compared with what was
/// seen; when they moved, the table's names are reread, and the entity matcher is rebuilt when entities did. Read
/// first, so a new tag an article written elsewhere links to is named by the time the article is reread.</item>
/// <item>Articles: every article write, by any process, appends to the change log in its own transaction. The
/// follower reads the entries after the last one it saw and rereads those articles into the catalog, except for
/// this instance's own (by <see cref="ChangeLogEntry.Origin"/>), which the catalog took in when they committed.</item>
/// </list>
/// Either moves the catalog's version, which every kept answer is stamped with (see ResponseCache), so answers
/// computed before are not sent again. (Rereading its own entries too would retire every kept answer a second time,
/// up to one interval after each write.) Tags, bylines and entities written here come round once more: that costs a
/// reread of their names.
/// </summary>
public sealed partial class ChangeLogFollower(
    IServiceScopeFactory scopes, ArticleCatalog catalog, EntityMatchers matchers, ChangeLogWriter writer,
    IOptions<ReplicaOptions> options, ILogger<ChangeLogFollower> log)
    : BackgroundService
{
    private const int BatchSize = 1_000;
    private long _seen;
    private TableMark _tags = TableMark.None, _bylines = TableMark.None, _entities = TableMark.None;

    /// <summary>
    /// What was last seen of a table of tags, bylines or entities: its row count and the sum of its rows' versions,
    /// which every update raises. Not the latest UpdatedAt: instances' clocks differ, and updates can share a tick.
    /// </summary>
    private sealed record TableMark(int Count, long Versions)
    {
        public static readonly TableMark None = new(-1, -1);
    }

    /// <summary>Follows from the log's end and the tables as they are now: called before the catalog is loaded, so no write falls between the two.</summary>
    public async Task StartFromNowAsync(ContentDb db, CancellationToken ct)
    {
        _seen = await WebhookDispatcher.LastSequenceAsync(db, ct);
        _tags = await MarkAsync(db.Tags, ct);
        _bylines = await MarkAsync(db.Bylines, ct);
        _entities = await MarkAsync(db.Entities, ct);
    }

    /// <summary>Applies the next log entries after the last one seen, and any change to the named tables; returns how many entries it read.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        var changed = new ChangedIds();
        // Marks are read before the rows they stand for and kept only once those are applied: a write in between is read again, never missed.
        var (tagsMark, tags) = await ChangedRowsAsync(db.Tags, _tags, catalog.Tags.Keys, ct);
        var (bylinesMark, bylines) = await ChangedRowsAsync(db.Bylines, _bylines, catalog.Bylines.Keys, ct);
        var (entitiesMark, entities) = await ChangedRowsAsync(db.Entities, _entities, catalog.Entities.Keys, ct);
        changed.Tags.UnionWith(tags);
        changed.Bylines.UnionWith(bylines);
        changed.Entities.UnionWith(entities);
        if (entities.Count > 0)
        {
            matchers.Invalidate();
        }

        var entries = await db.ChangeLog.AsNoTracking().Where(e => e.Sequence > _seen).OrderBy(e => e.Sequence).Take(BatchSize)
            .Select(e => new { e.Sequence, e.ArticleId, e.Origin }).ToListAsync(ct);
        changed.Articles.UnionWith(entries.Where(e => e.Origin != writer.Origin).Select(e => e.ArticleId));
        if (!changed.IsEmpty)
        {
            await catalog.RefreshAsync(db, changed, ct);
        }

        (_tags, _bylines, _entities) = (tagsMark, bylinesMark, entitiesMark);
        _seen = entries.Count > 0 ? entries[^1].Sequence : _seen;
        return entries.Count;
    }

    private static async Task<TableMark> MarkAsync<T>(IQueryable<T> table, CancellationToken ct) where T : class, IReferenceResource =>
        new(await table.CountAsync(ct), await table.SumAsync(r => (long)r.Version, ct));

    /// <summary>
    /// When a named table changed since <paramref name="seen"/>, every row there is and every one the catalog knows
    /// (so the gone are dropped): names only, read rarely, so rereading them all beats tracking which changed.
    /// </summary>
    private static async Task<(TableMark Mark, HashSet<int> Changed)> ChangedRowsAsync<T>(
        IQueryable<T> table, TableMark seen, IEnumerable<int> known, CancellationToken ct)
        where T : class, IReferenceResource
    {
        var mark = await MarkAsync(table, ct);
        return (mark, mark == seen ? [] : [.. await table.Select(r => r.Id).ToListAsync(ct), .. known]);
    }

    /// <summary>Waits a poll interval, then catches up (a batch at a time while full ones come); start-up marked where to begin.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken);
                while (await CatchUpAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(log, e, options.Value.PollInterval.TotalSeconds);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The change log could not be followed; trying again in {Seconds} s.")]
    private static partial void LogFailed(ILogger logger, Exception exception, double seconds);
}

public static class ReplicaSetup
{
    public static IServiceCollection AddReplicas(this IServiceCollection services)
    {
        services.AddOptions<ReplicaOptions>().BindConfiguration("Replicas")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PollInterval <= TimeSpan.FromMinutes(10), "Replicas:PollInterval must be more than 0 and at most 10 minutes")
            .ValidateOnStart();
        services.AddSingleton<ChangeLogFollower>();
        services.AddHostedService(provider => provider.GetRequiredService<ChangeLogFollower>());
        return services;
    }
}
