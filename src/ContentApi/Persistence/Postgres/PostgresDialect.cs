using ContentApi.Changes;
using Microsoft.EntityFrameworkCore;
using static ContentApi.Persistence.ContentDb;

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

    /// <summary>An upsert, not a delete and an insert: two transactions indexing one article must not both insert it.</summary>
    public override async Task ReindexAsync(DbContext db, IReadOnlyCollection<int> articleIds, CancellationToken ct)
    {
        foreach (var chunk in articleIds.Chunk(500))
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ArticleSearch" ("ArticleId", "Document")
                SELECT a."Id",
                    setweight(to_tsvector('contentapi', a."Headline"), 'A') ||
                    setweight(to_tsvector('contentapi', COALESCE(a."Standfirst", '')), 'B') ||
                    setweight(to_tsvector('contentapi', concat_ws(' ',
                        (SELECT string_agg(t."Name", ' ') FROM "ArticleTags" l JOIN "Tags" t ON t."Id" = l."TagId" WHERE l."ArticleId" = a."Id"),
                        (SELECT string_agg(b."Name", ' ') FROM "ArticleBylines" l JOIN "Bylines" b ON b."Id" = l."BylineId" WHERE l."ArticleId" = a."Id"),
                        (SELECT string_agg(e."Name" || ' ' || array_to_string(e."Aliases", ' '), ' ')
                         FROM "ArticleEntities" l JOIN "Entities" e ON e."Id" = l."EntityId" WHERE l."ArticleId" = a."Id"))), 'C') ||
                    setweight(to_tsvector('contentapi', COALESCE((SELECT b."Text" FROM "ArticleBodies" b WHERE b."ArticleId" = a."Id"), '')), 'D')
                FROM "Articles" a WHERE a."Id" = ANY({chunk})
                ON CONFLICT ("ArticleId") DO UPDATE SET "Document" = excluded."Document";
                """, ct);
        }
    }

    public override Task AddCandidatesAsync(DbContext db, IReadOnlyList<(string Key, string Text)> phrases, DateTime now, CancellationToken ct)
    {
        var pending = nameof(CandidateStatus.Pending);
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO "EntityCandidates" ("Key", "Text", "Status", "FirstSeenAt", "LastSeenAt")
            SELECT k, t, {pending}, {now}, {now} FROM unnest({phrases.Select(p => p.Key).ToArray()}, {phrases.Select(p => p.Text).ToArray()}) AS u(k, t)
            ON CONFLICT ("Key") DO NOTHING;
            """, ct);
    }

    public override Task QueueReindexAsync(DbContext db, IReadOnlyCollection<int> articleIds, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SearchReindexQueue" ("ArticleId") SELECT unnest({articleIds.ToArray()}) ON CONFLICT DO NOTHING
            """, ct);

    /// <summary>The ids first (see <see cref="IdsAsync"/>), then a statement per table.</summary>
    public override async Task<IReadOnlyList<int>> InsertArticlesAsync(DbContext db, IReadOnlyList<Article> articles, CancellationToken ct)
    {
        if (articles.Count == 0)
        {
            return [];
        }

        var ids = await IdsAsync(db, "Articles", [.. articles.Select(a => a.Id)], ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Articles" ("Id", "Slug", "Headline", "Standfirst", "Section", "Status", "PublishAt", "PublishedAt", "EmbargoUntil",
                "Reach", "ReachChangesAt", "CreatedAt", "UpdatedAt", "Language", "CanonicalUrl", "ImageUrl", "ImageAltText", "ImageCaption",
                "ImageCredit", "WordCount", "ReadingTimeMinutes", "SyndicationAllowed", "SyndicationLicence", "SyndicationExpiresAt", "Version")
            SELECT * FROM unnest({ids}, {articles.Select(a => a.Slug).ToArray()}, {articles.Select(a => a.Headline).ToArray()},
                {articles.Select(a => a.Standfirst).ToArray()}, {articles.Select(a => a.Section).ToArray()},
                {articles.Select(a => a.Status.ToString()).ToArray()}, {articles.Select(a => StoredTime(a.PublishAt)).ToArray()},
                {articles.Select(a => StoredTime(a.PublishedAt)).ToArray()}, {articles.Select(a => StoredTime(a.EmbargoUntil)).ToArray()},
                {articles.Select(a => (int)a.Reach).ToArray()}, {articles.Select(a => StoredTime(a.ReachChangesAt)).ToArray()},
                {articles.Select(a => StoredTime(a.CreatedAt)).ToArray()}, {articles.Select(a => StoredTime(a.UpdatedAt)).ToArray()},
                {articles.Select(a => a.Language).ToArray()}, {articles.Select(a => a.CanonicalUrl).ToArray()},
                {articles.Select(a => a.FeaturedImage?.Url).ToArray()}, {articles.Select(a => a.FeaturedImage?.AltText).ToArray()},
                {articles.Select(a => a.FeaturedImage?.Caption).ToArray()}, {articles.Select(a => a.FeaturedImage?.Credit).ToArray()},
                {articles.Select(a => a.WordCount).ToArray()}, {articles.Select(a => a.ReadingTimeMinutes).ToArray()},
                {articles.Select(a => a.Syndication.Allowed).ToArray()}, {articles.Select(a => a.Syndication.Licence).ToArray()},
                {articles.Select(a => StoredTime(a.Syndication.ExpiresAt)).ToArray()}, {articles.Select(a => a.Version).ToArray()})
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ArticleBodies" ("ArticleId", "Markdown", "Html", "Text")
            SELECT * FROM unnest({ids}, {articles.Select(a => a.Body.Markdown).ToArray()}, {articles.Select(a => a.Body.Html).ToArray()},
                {articles.Select(a => a.Body.Text).ToArray()})
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ArticleKeyTerms" ("ArticleId", "Terms") SELECT * FROM unnest({ids}, {articles.Select(a => a.KeyTerms.Terms).ToArray()})
            """, ct);
        return ids;
    }

    public override async Task<IReadOnlyList<int>> InsertRevisionsAsync(DbContext db, IReadOnlyList<ArticleRevision> revisions, CancellationToken ct)
    {
        if (revisions.Count == 0)
        {
            return [];
        }

        var ids = await IdsAsync(db, "ArticleRevisions", [.. revisions.Select(r => r.Id)], ct);
        // unnest would flatten an array of the changed fields' arrays: each list goes as one text, split again per row.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ArticleRevisions" ("Id", "ArticleId", "Number", "CreatedAt", "AuthorKeyId", "AuthorName", "ChangedFields", "Correction", "Snapshot")
            SELECT id, article, number, created, author_key, author_name, string_to_array(changed, E'\n'), correction, snapshot
            FROM unnest({ids}, {revisions.Select(r => r.ArticleId).ToArray()}, {revisions.Select(r => r.Number).ToArray()},
                {revisions.Select(r => StoredTime(r.CreatedAt)).ToArray()}, {revisions.Select(r => r.AuthorKeyId).ToArray()},
                {revisions.Select(r => r.AuthorName).ToArray()}, {revisions.Select(r => string.Join('\n', r.ChangedFields)).ToArray()},
                {revisions.Select(r => r.Correction).ToArray()}, {revisions.Select(r => r.Snapshot).ToArray()})
                AS r(id, article, number, created, author_key, author_name, changed, correction, snapshot)
            """, ct);
        return ids;
    }

    public override async Task InsertLinksAsync(
        DbContext db, IReadOnlyList<ArticleByline> bylines, IReadOnlyList<ArticleTag> tags, IReadOnlyList<ArticleEntity> entities, CancellationToken ct)
    {
        if (bylines.Count > 0)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ArticleBylines" ("ArticleId", "BylineId", "Position", "Role")
                SELECT * FROM unnest({bylines.Select(l => l.ArticleId).ToArray()}, {bylines.Select(l => l.BylineId).ToArray()},
                    {bylines.Select(l => l.Position).ToArray()}, {bylines.Select(l => l.Role.ToString()).ToArray()})
                """, ct);
        }

        if (tags.Count > 0)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ArticleTags" ("ArticleId", "TagId", "Position")
                SELECT * FROM unnest({tags.Select(l => l.ArticleId).ToArray()}, {tags.Select(l => l.TagId).ToArray()}, {tags.Select(l => l.Position).ToArray()})
                """, ct);
        }

        if (entities.Count > 0)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ArticleEntities" ("ArticleId", "EntityId", "Position", "Mentions", "Origin", "Salience")
                SELECT * FROM unnest({entities.Select(l => l.ArticleId).ToArray()}, {entities.Select(l => l.EntityId).ToArray()},
                    {entities.Select(l => l.Position).ToArray()}, {entities.Select(l => l.Mentions).ToArray()},
                    {entities.Select(l => l.Origin.ToString()).ToArray()}, {entities.Select(l => l.Salience).ToArray()})
                """, ct);
        }
    }

    public override async Task SaveDocumentsAsync(DbContext db, IReadOnlyList<ArticleDocumentRow> rows, CancellationToken ct)
    {
        if (rows.Count > 0)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ArticleDocuments" ("ArticleId", "Revision", "RendererVersion", "Facts", "Teaser", "Head", "Tail")
                SELECT * FROM unnest({rows.Select(d => d.ArticleId).ToArray()}, {rows.Select(d => d.Revision).ToArray()},
                    {rows.Select(d => d.RendererVersion).ToArray()}, {rows.Select(d => d.Facts).ToArray()}, {rows.Select(d => d.Teaser).ToArray()},
                    {rows.Select(d => d.Head).ToArray()}, {rows.Select(d => d.Tail).ToArray()})
                ON CONFLICT ("ArticleId") DO UPDATE SET "Revision" = excluded."Revision", "RendererVersion" = excluded."RendererVersion",
                    "Facts" = excluded."Facts", "Teaser" = excluded."Teaser", "Head" = excluded."Head", "Tail" = excluded."Tail"
                """, ct);
        }
    }

    /// <summary>
    /// The ids rows will have: their own where they have one, else the next of the table's identity sequence, taken for them
    /// all in one round trip so that each table's rows go in one statement with their ids known (the order RETURNING gives
    /// rows in is not promised).
    /// </summary>
    private static async Task<int[]> IdsAsync(DbContext db, string table, int[] own, CancellationToken ct)
    {
        var fresh = new Queue<int>(await db.Database.SqlQuery<int>($"""
            SELECT nextval(pg_get_serial_sequence({'"' + table + '"'}, 'Id'))::integer AS "Value" FROM generate_series(1, {own.Count(id => id == 0)})
            """).ToListAsync(ct));
        return [.. own.Select(id => id == 0 ? fresh.Dequeue() : id)];
    }

    /// <summary>Delivered when the transaction commits, to every instance listening (see ChangeFeedFollower).</summary>
    public override Task NotifyChangesAsync(DbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("NOTIFY " + ChangesChannel, ct);
}
