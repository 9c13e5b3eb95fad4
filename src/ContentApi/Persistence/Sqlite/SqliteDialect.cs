using System.Text.Json;
using ContentApi.Changes;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Persistence.Sqlite;

/// <summary>SQLite: one writer at a time (so no lock is needed for order), lists as one JSON parameter read with json_each.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public override Task LockChangeLogAsync(DbContext db, CancellationToken ct) => Task.CompletedTask;

    public override Task AppendChangesAsync(DbContext db, IReadOnlyList<NewChange> changes, DateTime at, string origin, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return Task.CompletedTask;
        }

        var rows = JsonSerializer.Serialize(changes.Select(e => new object?[]
        {
            e.Resource.ToString(), e.ResourceId, e.Slug, e.Kind.ToString(), (int)e.Before, (int)e.After, e.Version, e.Keys, e.SlugBefore,
        }));
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO ChangeLog (Resource, ResourceId, Slug, Kind, Before, After, Version, Keys, SlugBefore, At, Origin)
            SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, {at}, {origin}
            FROM json_each({rows}) ORDER BY key
            """, ct);
    }

    public override Task QueueReindexAsync(DbContext db, IReadOnlyCollection<int> articleIds, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT OR IGNORE INTO SearchReindexQueue (ArticleId) SELECT value FROM json_each({JsonSerializer.Serialize(articleIds)})
            """, ct);

    /// <summary>Other processes on the file poll the log (see ChangeFeedFollower).</summary>
    public override Task NotifyChangesAsync(DbContext db, CancellationToken ct) => Task.CompletedTask;
}
