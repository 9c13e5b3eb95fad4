using ContentApi.Changes;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Persistence.Postgres;

/// <summary>PostgreSQL: an advisory lock orders change log appends, arrays go as one parameter read with unnest, NOTIFY wakes followers.</summary>
public sealed class PostgresDialect : SqlDialect
{
    /// <summary>The channel instances LISTEN on for new change log entries.</summary>
    public const string ChangesChannel = "contentapi_changes";

    /// <summary>The advisory lock appends take ("ChangeLog" in ASCII).</summary>
    private const long ChangeLogLock = 0x4368616e67654c6f;

    /// <summary>
    /// Two transactions could take sequences 7 and 8 and commit 8 first, and a reader between the two commits would skip
    /// 7 for good: so a transaction that appends takes this lock, held to its commit, and appends commit in order.
    /// </summary>
    public override Task LockChangeLogAsync(DbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChangeLogLock})", ct);

    public override Task AppendChangesAsync(DbContext db, IReadOnlyList<NewChange> changes, DateTime at, string origin, CancellationToken ct) =>
        changes.Count == 0
            ? Task.CompletedTask
            : db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ChangeLog" ("Resource", "ResourceId", "Slug", "Kind", "Before", "After", "Version", "Keys", "SlugBefore", "At", "Origin")
                SELECT resource, id, slug, kind, before, after, version, keys, slug_before, {at}, {origin}
                FROM unnest({changes.Select(e => e.Resource.ToString()).ToArray()}, {changes.Select(e => e.ResourceId).ToArray()},
                    {changes.Select(e => e.Slug).ToArray()}, {changes.Select(e => e.Kind.ToString()).ToArray()},
                    {changes.Select(e => (int)e.Before).ToArray()}, {changes.Select(e => (int)e.After).ToArray()},
                    {changes.Select(e => e.Version).ToArray()}, {changes.Select(e => e.Keys).ToArray()}, {changes.Select(e => e.SlugBefore).ToArray()})
                    WITH ORDINALITY AS e(resource, id, slug, kind, before, after, version, keys, slug_before, n)
                ORDER BY n
                """, ct);

    public override Task QueueReindexAsync(DbContext db, IReadOnlyCollection<int> articleIds, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SearchReindexQueue" ("ArticleId") SELECT unnest({articleIds.ToArray()}) ON CONFLICT DO NOTHING
            """, ct);

    /// <summary>Delivered when the transaction commits, to every instance listening (see ChangeFeedFollower).</summary>
    public override Task NotifyChangesAsync(DbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("NOTIFY " + ChangesChannel, ct);
}
