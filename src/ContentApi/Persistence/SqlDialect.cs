using ContentApi.Changes;
using ContentApi.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Persistence;

/// <summary>
/// The SQL that differs between the two databases, one subclass each (Sqlite/, Postgres/): what LINQ cannot say, or
/// says too slowly. Everything else is LINQ, the same on both.
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new global::ContentApi.Persistence.Sqlite.SqliteDialect();
    public static readonly SqlDialect Postgres = new global::ContentApi.Persistence.Postgres.PostgresDialect();

    /// <summary>The dialect of the database a context talks to.</summary>
    public static SqlDialect Of(DbContext db) => db is PostgresContentDb ? Postgres : Sqlite;

    /// <summary>
    /// Makes a transaction that appends to the change log wait for any other that does, until it commits: readers of the
    /// log take everything after the last sequence they saw, so sequences must become visible in order. Held to commit.
    /// </summary>
    public abstract Task LockChangeLogAsync(DbContext db, CancellationToken ct);

    /// <summary>Inserts entries in the order given, in the caller's transaction, as written by the instance <paramref name="origin"/>.</summary>
    public abstract Task AppendChangesAsync(DbContext db, IReadOnlyList<NewChange> changes, DateTime at, string origin, CancellationToken ct);

    /// <summary>
    /// Writes the full-text index rows of these articles again from the database (headline, standfirst, body text and the
    /// names of their tags, bylines and entities), in the caller's transaction; a deleted article's row goes with it.
    /// </summary>
    public abstract Task ReindexAsync(DbContext db, IReadOnlyCollection<int> articleIds, CancellationToken ct);

    /// <summary>Adds these phrases as pending entity candidates (key, text), leaving alone those whose key is there already.</summary>
    public abstract Task AddCandidatesAsync(DbContext db, IReadOnlyList<(string Key, string Text)> phrases, DateTime now, CancellationToken ct);

    /// <summary>Queues these articles for the search indexer (see SearchReindex), in the caller's transaction; queued ones stay queued once.</summary>
    public abstract Task QueueReindexAsync(DbContext db, IReadOnlyCollection<int> articleIds, CancellationToken ct);

    /// <summary>
    /// Inserts the rows of newly created articles (the article, its body and its key terms), in the caller's transaction,
    /// without EF's work for each row (an import creates 500 at a time); returns their ids, in order: an article's own when
    /// it has one (restored from the trash), else a new one. Their links, pins and revisions are the caller's.
    /// </summary>
    public abstract Task<IReadOnlyList<int>> InsertArticlesAsync(DbContext db, IReadOnlyList<Article> articles, CancellationToken ct);

    /// <summary>
    /// Inserts these revisions of newly created articles (each article's first, or the history a restored one brings back),
    /// as <see cref="InsertArticlesAsync"/> does the articles; returns their ids, in order.
    /// </summary>
    public abstract Task<IReadOnlyList<int>> InsertRevisionsAsync(DbContext db, IReadOnlyList<ArticleRevision> revisions, CancellationToken ct);

    /// <summary>
    /// Inserts the byline, tag and entity links of newly created articles, in the caller's transaction, without EF's work
    /// for each row: an imported article has about 25 of them.
    /// </summary>
    public abstract Task InsertLinksAsync(
        DbContext db, IReadOnlyList<ArticleByline> bylines, IReadOnlyList<ArticleTag> tags, IReadOnlyList<ArticleEntity> entities, CancellationToken ct);

    /// <summary>
    /// Stores these articles' documents, a row each, replacing the rows they had, in the caller's transaction and without
    /// EF's work for each row (an import stores 500 at a time, some 17 KB each).
    /// </summary>
    public abstract Task SaveDocumentsAsync(DbContext db, IReadOnlyList<ArticleDocumentRow> rows, CancellationToken ct);

    /// <summary>Wakes other instances following the change log, when the caller's transaction commits (a no-op where they poll).</summary>
    public abstract Task NotifyChangesAsync(DbContext db, CancellationToken ct);

    /// <summary>
    /// Prepares the context's open connection for many writes in a row (an import's batches), until the returned scope is
    /// disposed; <see cref="BulkWrite.CompleteAsync"/> ends it when they succeeded. Where the database needs nothing of the
    /// kind, the scope does nothing.
    /// </summary>
    public virtual Task<BulkWrite> BeginBulkWriteAsync(DbContext db, CancellationToken ct) => Task.FromResult(new BulkWrite());
}

/// <summary>Many writes in a row on one connection (see <see cref="SqlDialect.BeginBulkWriteAsync"/>); this one changes nothing.</summary>
public class BulkWrite : IAsyncDisposable
{
    /// <summary>After the last write succeeded: leaves everything written durable.</summary>
    public virtual Task CompleteAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Gives the connection back as it was, whether or not the writes succeeded.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
