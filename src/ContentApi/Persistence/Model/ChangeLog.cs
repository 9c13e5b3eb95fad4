namespace ContentApi.Persistence;

/// <summary>The audiences that may see an article, one flag each. Change log entries record it before and after each change.</summary>
[Flags]
public enum ArticleReach
{
    None = 0,

    /// <summary>Editors and admins: every article that exists.</summary>
    Editors = 1,

    /// <summary>Readers and anonymous callers.</summary>
    Readers = 2,

    /// <summary>Partner keys not cleared for embargoes.</summary>
    Partners = 4,

    /// <summary>Partner keys cleared for embargoes.</summary>
    EmbargoPartners = 8,
}

/// <summary>What a change log entry is about.</summary>
public enum ChangedResource
{
    Article,
    Tag,
    Byline,
    Entity,

    /// <summary>The full-text index caught up with a rename (see SearchReindex): searches may find other articles now.</summary>
    SearchIndex,
}

public enum ChangeKind
{
    Created,
    Updated,
    Deleted,

    /// <summary>No write: the article's publication time, embargo end or syndication expiry came, and its reach changed.</summary>
    Timed,
}

/// <summary>
/// One change to one article (or to a byline, tag or entity: see Resource), appended in the same transaction as the change. Sequence only grows (SQLite
/// AUTOINCREMENT never reuses a number, nor does a PostgreSQL identity), and appends commit one at a time in
/// sequence order (SQLite has one writer; on PostgreSQL appenders take a lock, see SqlDialect.LockChangeLogAsync), so a reader
/// that has seen entry N has seen every entry before it. Sync, feeds' consumers, webhooks and replicas follow this log.
/// </summary>
public sealed class ChangeLogEntry
{
    public long Sequence { get; set; }

    /// <summary>What changed: an article, or a byline, tag or entity (whose entries no audience sees: Before and After are None).</summary>
    public ChangedResource Resource { get; set; }

    /// <summary>The id of the article (or byline, tag, entity) that changed.</summary>
    public int ResourceId { get; set; }

    /// <summary>The slug at the time, so a tombstone can name a deleted article.</summary>
    public string Slug { get; set; } = "";

    /// <summary>
    /// The slug just before the change, when the change renamed the article (else null). A change that hides and renames
    /// at once is announced (sync tombstones, article.unpublished) under this one: the slug its audience last saw.
    /// </summary>
    public string? SlugBefore { get; set; }

    /// <summary>The slug an audience that could see the article before this change, and cannot after it, knew it by.</summary>
    public string SlugLastSeen => SlugBefore ?? Slug;

    public ChangeKind Kind { get; set; }

    /// <summary>Who could see the article just before the change.</summary>
    public ArticleReach Before { get; set; }

    /// <summary>Who can see it just after.</summary>
    public ArticleReach After { get; set; }

    /// <summary>The article's version after the change (for deletes, the last one).</summary>
    public int Version { get; set; }

    public DateTime At { get; set; }

    /// <summary>
    /// The surrogate keys of what the change changed, space-separated (see ReadModel.SurrogateKeys): what a CDN in
    /// front of the API should purge. Sync and webhooks pass them on.
    /// </summary>
    public string? Keys { get; set; }

    /// <summary>The service instance that wrote it (<see cref="Changes.ContentWriter.Origin"/>): a replica follows the others' entries, not its own.</summary>
    public string? Origin { get; set; }
}

/// <summary>A secret the service makes once and keeps in the database, so every replica and restart shares it.</summary>
public sealed class ServiceSecret
{
    public string Name { get; set; } = "";
    public byte[] Value { get; set; } = [];
}
