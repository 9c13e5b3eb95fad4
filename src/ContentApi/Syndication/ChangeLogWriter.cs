using System.Runtime.CompilerServices;
using System.Text.Json;
using ContentApi.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace ContentApi.Syndication;

/// <summary>
/// Appends to the change log in the same transaction as every save that creates, changes or deletes an
/// article, whatever wrote it (the API, imports, re-extraction). Before saving it sets each written
/// article's reach (who may see it now) and when that next changes by the clock; after saving, when new
/// articles have their ids, it inserts one entry per article. A save outside a transaction gets one.
/// </summary>
public sealed class ChangeLogWriter(TimeProvider clock) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    /// <summary>This instance of the service, on every entry it writes (see <see cref="ChangeLogEntry.Origin"/>).</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    /// <summary>What one save will log: whole articles written, and articles whose links alone changed.</summary>
    private sealed class Pending
    {
        public List<(Article Article, ChangeKind Kind, ArticleReach Before, string SlugBefore)> Articles { get; } = [];
        public HashSet<int> LinksOnly { get; } = [];
        public IDbContextTransaction? OwnTransaction { get; set; }
        public DateTime Now { get; init; }
    }

    /// <summary>An entry before it is stored (Sequence and At are the database's and the save's); SlugBefore only for a rename.</summary>
    public sealed record Entry(int ArticleId, string Slug, ChangeKind Kind, ArticleReach Before, ArticleReach After, int Version, string? SlugBefore = null);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && Collect(db) is { } pending)
        {
            if (db.Database.CurrentTransaction is null)
            {
                pending.OwnTransaction = await db.Database.BeginTransactionAsync(cancellationToken);
            }

            _pending.AddOrUpdate(db, pending);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } db || !_pending.TryGetValue(db, out var pending))
        {
            return result;
        }

        _pending.Remove(db);
        await AppendAsync(db, Origin, [.. pending.Articles.Select(a => new Entry(a.Article.Id, a.Article.Slug, a.Kind, a.Before, a.Article.Reach, a.Article.Version,
            a.SlugBefore == a.Article.Slug ? null : a.SlugBefore))],
            pending.Now, cancellationToken);
        if (pending.LinksOnly.Count > 0)
        {
            // Re-extraction changes an article's entities without touching its row: an update at the reach it has.
            var ids = pending.LinksOnly.ToList();
            var updated = await db.Set<Article>().AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id)
                .Select(a => new Entry(a.Id, a.Slug, ChangeKind.Updated, a.Reach, a.Reach, a.Version)).ToListAsync(cancellationToken);
            await AppendAsync(db, Origin, updated, pending.Now, cancellationToken);
        }

        if (pending.OwnTransaction is { } own)
        {
            await own.CommitAsync(cancellationToken);
            await own.DisposeAsync();
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Inserts entries in the order given, in the caller's transaction, as written by the instance <paramref name="origin"/>.</summary>
    public static async Task AppendAsync(DbContext db, string origin, IReadOnlyList<Entry> entries, DateTime at, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await LockAsync(db, ct);
        if (db.IsPostgres())
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ChangeLog" ("ArticleId", "Slug", "Kind", "Before", "After", "Version", "At", "Origin", "SlugBefore")
                SELECT id, slug, kind, before, after, version, {at}, {origin}, slug_before
                FROM unnest({entries.Select(e => e.ArticleId).ToArray()}, {entries.Select(e => e.Slug).ToArray()},
                    {entries.Select(e => e.Kind.ToString()).ToArray()}, {entries.Select(e => (int)e.Before).ToArray()},
                    {entries.Select(e => (int)e.After).ToArray()}, {entries.Select(e => e.Version).ToArray()},
                    {entries.Select(e => e.SlugBefore).ToArray()})
                    WITH ORDINALITY AS e(id, slug, kind, before, after, version, slug_before, n)
                ORDER BY n
                """, ct);
            return;
        }

        var rows = JsonSerializer.Serialize(entries.Select(e => new object?[] { e.ArticleId, e.Slug, e.Kind.ToString(), (int)e.Before, (int)e.After, e.Version, e.SlugBefore }));
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO ChangeLog (ArticleId, Slug, Kind, Before, After, Version, At, Origin, SlugBefore)
            SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, {at}, {origin}, value ->> 6
            FROM json_each({rows}) ORDER BY key
            """, ct);
    }

    /// <summary>
    /// Readers of the change log (sync clients, other replicas) take everything after the last sequence they saw, so
    /// sequences must become visible in order. SQLite has one writer at a time; on PostgreSQL two transactions could
    /// take sequences 7 and 8 and commit 8 first, and a reader between the two commits would skip 7 for good. So a
    /// transaction that appends takes this lock, held to its commit: appends commit one at a time, in sequence order.
    /// Webhook registration and the webhook dispatcher take it too, for the same reason (see WebhookDispatcher).
    /// Nothing on SQLite, whose write transactions already go one at a time.
    /// </summary>
    internal static async Task LockAsync(DbContext db, CancellationToken ct)
    {
        if (db.IsPostgres())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChangeLogLock})", ct);
        }
    }

    /// <summary>The advisory lock appends take on PostgreSQL ("ChangeLog" in ASCII).</summary>
    private const long ChangeLogLock = 0x4368616e67654c6f;

    /// <summary>Sets the reach of written articles and notes what to log; null when the save writes no article.</summary>
    private Pending? Collect(DbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var now = clock.UtcNow();
        var pending = new Pending { Now = now };
        var written = new HashSet<int>();
        foreach (var entry in db.ChangeTracker.Entries<Article>())
        {
            var article = entry.Entity;
            var before = entry.State == EntityState.Added ? ArticleReach.None : entry.Property(a => a.Reach).OriginalValue;
            var slugBefore = entry.State == EntityState.Added ? article.Slug : entry.Property(a => a.Slug).OriginalValue;
            switch (entry.State)
            {
                case EntityState.Added or EntityState.Modified:
                    article.Reach = ArticleVisibility.ReachOf(article, now);
                    article.ReachChangesAt = ArticleVisibility.NextReachChange(article, now);
                    pending.Articles.Add((article, entry.State == EntityState.Added ? ChangeKind.Created : ChangeKind.Updated, before, slugBefore));
                    written.Add(article.Id);
                    break;
                case EntityState.Deleted:
                    article.Reach = ArticleReach.None;
                    pending.Articles.Add((article, ChangeKind.Deleted, before, slugBefore));
                    written.Add(article.Id);
                    break;
            }
        }

        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            if (IsArticleLink(entry) && entry.Property("ArticleId").CurrentValue is int id && id > 0 && !written.Contains(id))
            {
                pending.LinksOnly.Add(id);
            }
        }

        return pending.Articles.Count + pending.LinksOnly.Count > 0 ? pending : null;
    }

    private static bool IsArticleLink(EntityEntry entry) =>
        entry.Entity is ArticleByline or ArticleTag or ArticleEntity or ArticlePin or ArticleEntityRejection;

    private void Abandon(DbContext? db)
    {
        if (db is not null && _pending.TryGetValue(db, out var pending))
        {
            _pending.Remove(db);
            pending.OwnTransaction?.Dispose();
        }
    }
}
