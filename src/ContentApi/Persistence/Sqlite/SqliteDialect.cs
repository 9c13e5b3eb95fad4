using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using ContentApi.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using static ContentApi.Persistence.ContentDb;

namespace ContentApi.Persistence.Sqlite;

/// <summary>SQLite: one writer at a time (so no lock is needed for order), lists as one JSON parameter read with json_each.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public override Task LockChangeLogAsync(DbContext db, CancellationToken ct) => Task.CompletedTask;

    public override Task<BulkWrite> BeginBulkWriteAsync(DbContext db, CancellationToken ct) => SqliteBulkWrite.BeginAsync(db, ct);

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

    /// <summary>An FTS5 row cannot be updated in place: deleted, then inserted again with every column.</summary>
    public override async Task ReindexAsync(DbContext db, IReadOnlyCollection<int> articleIds, CancellationToken ct)
    {
        foreach (var chunk in articleIds.Chunk(500))
        {
            var ids = JsonSerializer.Serialize(chunk);
            await db.Database.ExecuteSqlAsync($"""
                DELETE FROM ArticleSearch WHERE rowid IN (SELECT value FROM json_each({ids}));
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO ArticleSearch (rowid, Headline, Standfirst, Body, Names)
                SELECT a.Id, a.Headline, COALESCE(a.Standfirst, ''), (SELECT b.Text FROM ArticleBodies b WHERE b.ArticleId = a.Id),
                    COALESCE((SELECT group_concat(t.Name, ' ') FROM ArticleTags l JOIN Tags t ON t.Id = l.TagId WHERE l.ArticleId = a.Id), '') || ' ' ||
                    COALESCE((SELECT group_concat(b.Name, ' ') FROM ArticleBylines l JOIN Bylines b ON b.Id = l.BylineId WHERE l.ArticleId = a.Id), '') || ' ' ||
                    COALESCE((SELECT group_concat(e.Name || ' ' || replace(replace(replace(e.Aliases, '[', ''), ']', ''), '"', ''), ' ')
                              FROM ArticleEntities l JOIN Entities e ON e.Id = l.EntityId WHERE l.ArticleId = a.Id), '')
                FROM Articles a WHERE a.Id IN (SELECT value FROM json_each({ids}));
                """, ct);
        }
    }

    /// <summary>An insert that ignores existing keys cannot fail on the unique key as a tracked add could.</summary>
    public override Task AddCandidatesAsync(DbContext db, IReadOnlyList<(string Key, string Text)> phrases, DateTime now, CancellationToken ct)
    {
        var rows = JsonSerializer.Serialize(phrases.Select(p => new { k = p.Key, t = p.Text }));
        var pending = nameof(CandidateStatus.Pending);
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO EntityCandidates (Key, Text, Status, FirstSeenAt, LastSeenAt)
            SELECT json_extract(value, '$.k'), json_extract(value, '$.t'), {pending}, {now}, {now} FROM json_each({rows}) WHERE true
            ON CONFLICT (Key) DO NOTHING;
            """, ct);
    }

    public override Task QueueReindexAsync(DbContext db, IReadOnlyCollection<int> articleIds, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT OR IGNORE INTO SearchReindexQueue (ArticleId) SELECT value FROM json_each({JsonSerializer.Serialize(articleIds)})
            """, ct);

    /// <summary>A row at a time through one prepared statement per table, the article's returning the id it was given.</summary>
    public override async Task<IReadOnlyList<int>> InsertArticlesAsync(DbContext db, IReadOnlyList<Article> articles, CancellationToken ct)
    {
        var ids = await InsertReturningIdsAsync(db, """
            INSERT INTO Articles (Id, Slug, Headline, Standfirst, Section, Status, PublishAt, PublishedAt, EmbargoUntil, Reach, ReachChangesAt,
                CreatedAt, UpdatedAt, Language, CanonicalUrl, ImageUrl, ImageAltText, ImageCaption, ImageCredit, WordCount, ReadingTimeMinutes,
                SyndicationAllowed, SyndicationLicence, SyndicationExpiresAt, Version)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
            RETURNING Id
            """, articles, a =>
            [
                a.Id == 0 ? null : a.Id, a.Slug, a.Headline, a.Standfirst, a.Section, a.Status.ToString(), StoredTime(a.PublishAt),
                StoredTime(a.PublishedAt), StoredTime(a.EmbargoUntil), (int)a.Reach, StoredTime(a.ReachChangesAt), StoredTime(a.CreatedAt),
                StoredTime(a.UpdatedAt), a.Language, a.CanonicalUrl, a.FeaturedImage?.Url, a.FeaturedImage?.AltText, a.FeaturedImage?.Caption,
                a.FeaturedImage?.Credit, a.WordCount, a.ReadingTimeMinutes, a.Syndication.Allowed, a.Syndication.Licence,
                StoredTime(a.Syndication.ExpiresAt), a.Version,
            ], ct);
        var written = articles.Zip(ids).ToList();
        await InsertRowsAsync(db, "INSERT INTO ArticleBodies (ArticleId, Markdown, Html, Text) VALUES ($0, $1, $2, $3)",
            written, w => [w.Second, w.First.Body.Markdown, w.First.Body.Html, w.First.Body.Text], ct);
        await InsertRowsAsync(db, "INSERT INTO ArticleKeyTerms (ArticleId, Terms) VALUES ($0, $1)",
            written, w => [w.Second, w.First.KeyTerms.Terms], ct);
        return ids;
    }

    /// <summary>The changed fields as EF keeps a list of strings here: a JSON array.</summary>
    public override Task<IReadOnlyList<int>> InsertRevisionsAsync(DbContext db, IReadOnlyList<ArticleRevision> revisions, CancellationToken ct) =>
        InsertReturningIdsAsync(db, """
            INSERT INTO ArticleRevisions (Id, ArticleId, Number, CreatedAt, AuthorKeyId, AuthorName, ChangedFields, Correction, Snapshot)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING Id
            """, revisions, r =>
            [
                r.Id == 0 ? null : r.Id, r.ArticleId, r.Number, StoredTime(r.CreatedAt), r.AuthorKeyId, r.AuthorName,
                JsonSerializer.Serialize(r.ChangedFields), r.Correction, r.Snapshot,
            ], ct);

    /// <summary>
    /// A row at a time through one prepared statement per table, with the values bound as they are: a salience sent
    /// through JSON text could be read back a little off.
    /// </summary>
    public override async Task InsertLinksAsync(
        DbContext db, IReadOnlyList<ArticleByline> bylines, IReadOnlyList<ArticleTag> tags, IReadOnlyList<ArticleEntity> entities, CancellationToken ct)
    {
        await InsertRowsAsync(db, "INSERT INTO ArticleBylines (ArticleId, BylineId, Position, Role) VALUES ($0, $1, $2, $3)",
            bylines, l => [l.ArticleId, l.BylineId, l.Position, l.Role.ToString()], ct);
        await InsertRowsAsync(db, "INSERT INTO ArticleTags (ArticleId, TagId, Position) VALUES ($0, $1, $2)",
            tags, l => [l.ArticleId, l.TagId, l.Position], ct);
        await InsertRowsAsync(db, "INSERT INTO ArticleEntities (ArticleId, EntityId, Position, Mentions, Origin, Salience) VALUES ($0, $1, $2, $3, $4, $5)",
            entities, l => [l.ArticleId, l.EntityId, l.Position, l.Mentions, l.Origin.ToString(), l.Salience], ct);
    }

    public override Task SaveDocumentsAsync(DbContext db, IReadOnlyList<ArticleDocumentRow> rows, CancellationToken ct) =>
        InsertRowsAsync(db, """
            INSERT INTO ArticleDocuments (ArticleId, Revision, RendererVersion, Facts, Teaser, Head, Tail) VALUES ($0, $1, $2, $3, $4, $5, $6)
            ON CONFLICT (ArticleId) DO UPDATE SET Revision = excluded.Revision, RendererVersion = excluded.RendererVersion,
                Facts = excluded.Facts, Teaser = excluded.Teaser, Head = excluded.Head, Tail = excluded.Tail
            """, rows, d => [d.ArticleId, d.Revision, d.RendererVersion, d.Facts, d.Teaser, d.Head, d.Tail], ct);

    private static Task InsertRowsAsync<TRow>(DbContext db, string insert, IReadOnlyList<TRow> rows, Func<TRow, object?[]> valuesOf, CancellationToken ct) =>
        ForEachRowAsync(db, insert, rows, valuesOf, command => command.ExecuteNonQueryAsync(ct), ct);

    /// <summary>Rows inserted as <see cref="InsertRowsAsync"/> does, by a statement that returns each row's id (a null id: a new one).</summary>
    private static async Task<IReadOnlyList<int>> InsertReturningIdsAsync<TRow>(
        DbContext db, string insert, IReadOnlyList<TRow> rows, Func<TRow, object?[]> valuesOf, CancellationToken ct)
    {
        var ids = new List<int>(rows.Count);
        await ForEachRowAsync(db, insert, rows, valuesOf,
            async command => ids.Add(Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture)), ct);
        return ids;
    }

    /// <summary>Runs one statement, prepared once, for each row's values, in the caller's transaction.</summary>
    private static async Task ForEachRowAsync<TRow>(
        DbContext db, string sql, IReadOnlyList<TRow> rows, Func<TRow, object?[]> valuesOf, Func<DbCommand, Task> run, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        var width = valuesOf(rows[0]).Length;
        for (var i = 0; i < width; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"${i}";
            command.Parameters.Add(parameter);
        }

        await command.PrepareAsync(ct);
        foreach (var row in rows)
        {
            var values = valuesOf(row);
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await run(command);
        }
    }

    /// <summary>Other processes on the file poll the log (see ChangeFeedFollower).</summary>
    public override Task NotifyChangesAsync(DbContext db, CancellationToken ct) => Task.CompletedTask;
}
