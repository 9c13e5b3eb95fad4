using System.Diagnostics;
using ContentApi.Entities;
using ContentApi.Persistence.Postgres;
using ContentApi.ReadModel;
using ContentApi.Related;
using ContentApi.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ContentApi.Changes;

public sealed class ReplicaOptions
{
    /// <summary>
    /// How often the change log is read for writes made by other processes on the same database (other replicas, the
    /// command-line import) when nothing wakes this instance sooner: on PostgreSQL every write NOTIFYs the others, so
    /// this is only the fallback there; on SQLite it bounds how long this instance's reads may lag such a write.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On PostgreSQL, LISTEN for the NOTIFY every write sends, and follow at once. Turn it off where the connection goes
    /// through a pooler that cannot LISTEN (PgBouncer in transaction mode): then this instance polls.
    /// </summary>
    public bool Listen { get; set; } = true;
}

/// <summary>
/// Loads the read model at start-up and keeps it coherent with writes made elsewhere (other replicas, the command-line
/// import): it reads the change log entries after the last one it saw, and applies them the way the writer applies this
/// instance's own (see <see cref="ContentWriter"/>): the documents of the articles they name, read again, the fragments
/// of the bylines, tags and entities, and the answers the response cache keeps that name their keys, retired. Entries
/// this instance wrote are passed over: it applied them when they committed.
/// <para>
/// On PostgreSQL every write's transaction sends NOTIFY, delivered at commit, and this listens: another replica's write
/// shows here within milliseconds, with polling every Replicas:PollInterval as the fallback should the listening
/// connection drop. On SQLite (other processes on the same file) it polls.
/// </para>
/// </summary>
public sealed partial class ChangeFeedFollower(
    IServiceScopeFactory scopes, ContentReadModel model, ResponseCache cache, AppliedChanges applied, EntityMatchers matchers, LoggedChanges logged,
    IRepresentationRenderer renderer, IConfiguration configuration, IOptions<ReplicaOptions> options, TimeProvider clock, ILogger<ChangeFeedFollower> log)
    : BackgroundService
{
    private const int BatchSize = 1_000;
    private readonly SemaphoreSlim _following = new(1, 1);
    private long _seen;

    /// <summary>The last change log sequence read (for operators).</summary>
    public long Position => Interlocked.Read(ref _seen);

    /// <summary>Marks the log's end, then loads the read model: no write can fall between the two unseen.</summary>
    public async Task LoadAsync(ContentDb db, CancellationToken ct)
    {
        await _following.WaitAsync(ct);
        try
        {
            var started = clock.GetTimestamp();
            _seen = await LastSequenceAsync(db, ct);
            await LoadModelAsync(db, ct);
            applied.Followed(_seen);
            model.CurrentAsOf(started);
        }
        finally
        {
            _following.Release();
        }
    }

    /// <summary>Applies the next log entries after the last one seen; returns how many it read.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        await _following.WaitAsync(ct);
        try
        {
            var started = clock.GetTimestamp();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
            if (model.NeedsReload)
            {
                _seen = await LastSequenceAsync(db, ct);
                await LoadModelAsync(db, ct);
                cache.RetireAll();
                applied.Followed(_seen);
                model.CurrentAsOf(started);
                return 0;
            }

            var entries = await db.ChangeLog.AsNoTracking().Where(e => e.Sequence > _seen).OrderBy(e => e.Sequence).Take(BatchSize)
                .Select(e => new { e.Sequence, e.Resource, e.ResourceId, e.Origin, e.Keys, e.At }).ToListAsync(ct);
            var theirs = entries.Where(e => e.Origin != applied.Origin).ToList();
            if (theirs.Count > 0)
            {
                var changes = new ContentChanges();
                var articles = theirs.Where(e => e.Resource == ChangedResource.Article).Select(e => e.ResourceId).Distinct().ToList();
                var documents = (await ArticleDocuments.LoadFactsAsync(db, articles, ct)).ToDictionary(d => d.Facts.Id);
                var formerSlugs = await ArticleDocuments.FormerSlugsAsync(db, articles, ct);
                foreach (var id in articles)
                {
                    changes.Articles[id] = documents.GetValueOrDefault(id);
                    changes.FormerSlugs[id] = formerSlugs.GetValueOrDefault(id) ?? [];
                }

                foreach (var resource in theirs.Where(e => e.Resource is ChangedResource.Tag or ChangedResource.Byline or ChangedResource.Entity).GroupBy(e => e.Resource))
                {
                    var ids = resource.Select(e => e.ResourceId).Distinct().ToList();
                    var (kind, fragments) = await FragmentsAsync(db, resource.Key, ids, ct);
                    foreach (var id in ids)
                    {
                        changes.References[(kind, id)] = fragments.GetValueOrDefault(id);
                    }
                }

                foreach (var keys in theirs.Select(e => e.Keys).OfType<string>())
                {
                    changes.Keys.UnionWith(keys.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                }

                model.Apply(changes);
                cache.Retire(changes.Keys);
                if (changes.References.Keys.Any(r => r.Kind == FeatureKind.Entity))
                {
                    matchers.Invalidate();
                }

                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var entry in theirs)
                {
                    ContentTelemetry.FollowerApplyDelay.Record(Math.Max(0, (now - entry.At).TotalSeconds));
                }
            }

            _seen = entries.Count > 0 ? entries[^1].Sequence : _seen;
            applied.Followed(_seen);
            if (theirs.Count > 0)
            {
                logged.Notify();
            }

            if (entries.Count < BatchSize)
            {
                model.CurrentAsOf(started);
            }

            return entries.Count;
        }
        finally
        {
            _following.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        using var listener = DataSetup.ProviderOf(configuration) == DatabaseProvider.Postgres && options.Value.Listen
            ? new Listener(DataSetup.ConnectionString(configuration))
            : null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (listener is null || !await listener.WaitAsync(interval, stoppingToken))
                {
                    await Task.Delay(listener is null ? interval : TimeSpan.Zero, stoppingToken);
                }

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
                LogFailed(log, e, interval.TotalSeconds);
                listener?.Reset();
                await Task.Delay(interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public override void Dispose()
    {
        _following.Dispose();
        base.Dispose();
    }

    private async Task LoadModelAsync(ContentDb db, CancellationToken ct)
    {
        var articles = await ArticleDocuments.LoadFactsAsync(db, null, ct);
        var formerSlugs = await ArticleDocuments.FormerSlugsAsync(db, null, ct);
        var tags = (await db.Tags.AsNoTracking().ToListAsync(ct)).Select(renderer.Render);
        var bylines = (await db.Bylines.AsNoTracking().ToListAsync(ct)).Select(renderer.Render);
        var entities = (await db.Entities.AsNoTracking().ToListAsync(ct)).Select(renderer.Render);
        model.Load(articles, formerSlugs, tags, bylines, entities);
        matchers.Invalidate();

        // Loading leaves holes in the heap where the rows and lists it was built from were: at 100,000 articles about
        // 110 MB of free space between the model's long-lived arrays, which stays committed (resident) until a full
        // compacting collection, and under steady load none comes. So one is made here, giving the freed memory back:
        // once after a whole load (start-up, or far behind the log), never on a request.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private async Task<(FeatureKind Kind, Dictionary<int, ReferenceFragment> Fragments)> FragmentsAsync(
        ContentDb db, ChangedResource resource, List<int> ids, CancellationToken ct) => resource switch
        {
            ChangedResource.Tag => (FeatureKind.Tag,
                (await db.Tags.AsNoTracking().Where(t => ids.Contains(t.Id)).ToListAsync(ct)).ToDictionary(t => t.Id, renderer.Render)),
            ChangedResource.Byline => (FeatureKind.Byline,
                (await db.Bylines.AsNoTracking().Where(b => ids.Contains(b.Id)).ToListAsync(ct)).ToDictionary(b => b.Id, renderer.Render)),
            _ => (FeatureKind.Entity,
                (await db.Entities.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(ct)).ToDictionary(e => e.Id, renderer.Render)),
        };

    private static async Task<long> LastSequenceAsync(ContentDb db, CancellationToken ct) =>
        await db.ChangeLog.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;

    [LoggerMessage(Level = LogLevel.Error, Message = "The change log could not be followed; trying again in {Seconds} s.")]
    private static partial void LogFailed(ILogger logger, Exception exception, double seconds);

    /// <summary>A connection of its own that LISTENs for the writers' NOTIFY (see PostgresDialect.NotifyChangesAsync).</summary>
    private sealed class Listener(string connectionString) : IDisposable
    {
        private NpgsqlConnection? _connection;

        /// <summary>True when a notification came within the timeout (connecting first if need be).</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
        {
            if (_connection is null)
            {
                _connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 }.ToString());
                await _connection.OpenAsync(ct);
                await using var listen = _connection.CreateCommand();
                listen.CommandText = "LISTEN " + PostgresDialect.ChangesChannel;
                await listen.ExecuteNonQueryAsync(ct);
                return true; // look once now: a write may have come while not listening
            }

            return await _connection.WaitAsync(timeout, ct);
        }

        /// <summary>Drops the connection after a failure; the next wait connects again.</summary>
        public void Reset()
        {
            _connection?.Dispose();
            _connection = null;
        }

        public void Dispose() => Reset();
    }
}

public static class ReplicaSetup
{
    public static IServiceCollection AddReplicas(this IServiceCollection services)
    {
        services.AddOptions<ReplicaOptions>().BindConfiguration("Replicas")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PollInterval <= TimeSpan.FromMinutes(10), "Replicas:PollInterval must be more than 0 and at most 10 minutes")
            .ValidateOnStart();
        services.AddSingleton<ChangeFeedFollower>();
        services.AddHostedService(provider => provider.GetRequiredService<ChangeFeedFollower>());
        return services;
    }
}
