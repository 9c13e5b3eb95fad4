using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using ContentApi.Related;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ContentApi.Articles;

/// <summary>What the catalog keeps of an article: the fields visibility and filters read, and its links.</summary>
/// <param name="EmbargoUntil">Until when readers and uncleared partners may not see it (see ArticleVisibility).</param>
/// <param name="EntitySalience">How central each of EntityIds is to the article, 0-1, in the same order; null when all are 1.</param>
/// <param name="Terms">
/// The article's key terms (distinct stems, each with the word as the article writes it and its weight there; see
/// TextTerms), as stored with the article: values that mean the same in every process. Null when it has none.
/// </param>
public sealed record ArticleFacts(
    int Id,
    ArticleStatus Status,
    DateTime? PublishedAt,
    string Section,
    string Language,
    bool SyndicationAllowed,
    DateTime? SyndicationExpiresAt,
    int[] TagIds,
    int[] BylineIds,
    int[] EntityIds,
    float[]? EntitySalience = null,
    DateTime? EmbargoUntil = null,
    KeyTerm[]? Terms = null)
{
    public float SalienceAt(int index) => EntitySalience is { } salience ? salience[index] : 1;
}

/// <summary>An article's place in publication order: its publication time (MinValue when unpublished), then id.</summary>
public readonly record struct DateKey(long Ticks, int Id) : IComparable<DateKey>
{
    public static DateKey Of(ArticleFacts article) => new(article.PublishedAt?.Ticks ?? long.MinValue, article.Id);

    public int CompareTo(DateKey other) => Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : Id.CompareTo(other.Id);

    public static bool operator <(DateKey left, DateKey right) => left.CompareTo(right) < 0;
    public static bool operator <=(DateKey left, DateKey right) => left.CompareTo(right) <= 0;
    public static bool operator >(DateKey left, DateKey right) => left.CompareTo(right) > 0;
    public static bool operator >=(DateKey left, DateKey right) => left.CompareTo(right) >= 0;

    /// <summary>The order without the changed articles' old places and with their new ones.</summary>
    public static DateKey[] Merged(DateKey[] order, IReadOnlyCollection<(ArticleFacts? Old, ArticleFacts? New)> changes)
    {
        var removed = changes.Where(c => c.Old is not null).Select(c => Of(c.Old!)).ToHashSet();
        var added = changes.Where(c => c.New is not null).Select(c => Of(c.New!)).Order().ToList();
        var merged = new List<DateKey>(order.Length + added.Count);
        var next = 0;
        foreach (var key in order)
        {
            for (; next < added.Count && added[next].CompareTo(key) < 0; next++)
            {
                merged.Add(added[next]);
            }

            if (!removed.Contains(key))
            {
                merged.Add(key);
            }
        }

        merged.AddRange(added.Skip(next));
        return [.. merged];
    }
}

/// <summary>A byline, tag or entity as facets and explanations name it; Kind is an entity's type.</summary>
public sealed record ReferenceName(string Slug, string Name, EntityType? Kind = null);

/// <summary>
/// An in-memory copy of every article's facts and of the names of bylines, tags and entities, loaded
/// at start-up and kept current by <see cref="ArticleCatalogUpdates"/> after each committed write.
/// Counting over many articles (facets) reads it instead of the database, which would have to visit
/// every matching row. Lookups are by id into an array, so a scan is a walk over memory; writers swap
/// whole entries, so a reader never sees half an update.
/// </summary>
public sealed class ArticleCatalog : IDisposable
{
    private readonly Lock _writeLock = new();
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly ConcurrentDictionary<string, Remembered> _remembered = new(StringComparer.Ordinal);
    private long _version;
    private ArticleFacts?[] _articles = [];
    private DateKey[] _byDate = [];
    private Dictionary<int, ReferenceName> _tags = [], _bylines = [], _entities = [];

    /// <summary>One copy of each stem and word form the articles' key terms use, however many articles use it.</summary>
    private readonly ConcurrentDictionary<string, string> _words = new(StringComparer.Ordinal);

    public ArticleCatalog(IOptions<RelatedOptions> options)
    {
        var weights = options.Value;
        Related = new RelatedIndex(
            (kind, id) => weights.WeightOf(kind == FeatureKind.Tag ? null : _entities.GetValueOrDefault(id)?.Kind), weights.TermListLength);
    }

    public bool IsLoaded { get; private set; }

    public void Dispose() => _refreshing.Dispose();

    /// <summary>Goes up with every load and every write the catalog follows: what was computed from an older version is stale.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The related-articles index over the same facts, kept current with them; its entity weights follow the entities' types here.</summary>
    public RelatedIndex Related { get; }

    /// <summary>Every article, in id order: a moment's view, which later writes replace, not change.</summary>
    public IEnumerable<ArticleFacts> All() => _articles.OfType<ArticleFacts>();

    public IReadOnlyDictionary<int, ReferenceName> Tags => _tags;
    public IReadOnlyDictionary<int, ReferenceName> Bylines => _bylines;
    public IReadOnlyDictionary<int, ReferenceName> Entities => _entities;

    public ArticleFacts? Find(int id) => id >= 0 && id < _articles.Length ? _articles[id] : null;

    /// <summary>
    /// Every article in publication order, oldest first with unpublished ones before all (as SQLite orders
    /// NULL), ties by id: a moment's view, which later writes replace, not change.
    /// </summary>
    public IReadOnlyList<DateKey> ByDate => _byDate;

    public async Task LoadAsync(ContentDb db, CancellationToken ct)
    {
        var facts = await ReadFactsAsync(db, null, ct);
        var tags = await NamesAsync(db.Tags, null, ct);
        var bylines = await NamesAsync(db.Bylines, null, ct);
        var entities = await NamesAsync(db.Entities, null, ct);
        lock (_writeLock)
        {
            var articles = new ArticleFacts?[facts.Count == 0 ? 0 : facts.Max(f => f.Id) + 1];
            foreach (var f in facts)
            {
                articles[f.Id] = f;
            }

            (_tags, _bylines, _entities) = (tags, bylines, entities);
            Related.Load(facts);
            (_articles, _byDate, IsLoaded) = (articles, [.. facts.Select(DateKey.Of).Order()], true);
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>
    /// A value computed from the catalog (facet counts, say), kept until the catalog changes or the time the
    /// computation said it stops being true (an article going live or out of syndication), whichever comes first.
    /// At most <see cref="MaxRemembered"/> values are kept; past that, all are forgotten and kept afresh.
    /// </summary>
    public async Task<T> RememberAsync<T>(string key, DateTime now, Func<Task<(T Value, DateTime? ValidUntil)>> compute)
        where T : class
    {
        var version = Version;
        if (_remembered.TryGetValue(key, out var kept) && kept.Version == version && (kept.ValidUntil is null || now < kept.ValidUntil))
        {
            return (T)kept.Value;
        }

        var (value, validUntil) = await compute();
        if (_remembered.Count >= MaxRemembered)
        {
            _remembered.Clear();
        }

        _remembered[key] = new Remembered(value, version, validUntil);
        return value;
    }

    public const int MaxRemembered = 1_000;

    private sealed record Remembered(object Value, long Version, DateTime? ValidUntil);

    /// <summary>
    /// Rereads these articles and names from the database; ids no longer there are dropped. One refresh at a time, read
    /// and applied: two at once could apply in the other order from their reads, and an older read (the change log
    /// follower's, begun before a write committed) would then overwrite the newer one (the writer's own, after commit).
    /// </summary>
    public async Task RefreshAsync(ContentDb db, ChangedIds changed, CancellationToken ct)
    {
        if (!IsLoaded)
        {
            return;
        }

        await _refreshing.WaitAsync(ct);
        try
        {
            await RereadAsync(db, changed, ct);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task RereadAsync(ContentDb db, ChangedIds changed, CancellationToken ct)
    {
        List<ArticleFacts> facts = [];
        foreach (var chunk in changed.Articles.Chunk(1_000))
        {
            facts.AddRange(await ReadFactsAsync(db, chunk, ct));
        }

        var tags = await NamesAsync(db.Tags, changed.Tags, ct);
        var bylines = await NamesAsync(db.Bylines, changed.Bylines, ct);
        var entities = await NamesAsync(db.Entities, changed.Entities, ct);
        lock (_writeLock)
        {
            var articles = _articles;
            var needed = facts.Count == 0 ? 0 : facts.Max(f => f.Id) + 1;
            if (needed > articles.Length)
            {
                Array.Resize(ref articles, Math.Max(needed, articles.Length * 2));
            }

            var reread = facts.ToDictionary(f => f.Id);
            var changes = changed.Articles.Select(id => (Old: id < articles.Length ? articles[id] : null, New: reread.GetValueOrDefault(id)))
                .Where(c => c.Old is not null || c.New is not null)
                .ToList();
            foreach (var (old, @new) in changes)
            {
                articles[(old ?? @new)!.Id] = @new;
            }

            var retyped = changed.Entities.Where(id => _entities.GetValueOrDefault(id)?.Kind != entities.GetValueOrDefault(id)?.Kind).ToList();
            _articles = articles;
            _tags = Merged(_tags, changed.Tags, tags);
            _bylines = Merged(_bylines, changed.Bylines, bylines);
            _entities = Merged(_entities, changed.Entities, entities);
            Related.Apply(changes);
            Related.Reweigh(FeatureKind.Entity, retyped);
            _byDate = DateKey.Merged(_byDate, changes);
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>The facts of all articles (ids null) or of these, with their stored key terms.</summary>
    private async Task<List<ArticleFacts>> ReadFactsAsync(ContentDb db, IReadOnlyCollection<int>? ids, CancellationToken ct)
    {
        var articles = ids is null ? db.Articles : db.Articles.Where(a => ids.Contains(a.Id));
        var rows = await articles.AsNoTracking()
            .Select(a => new
            {
                a.Id, a.Status, a.PublishedAt, a.EmbargoUntil, a.Section, a.Language,
                SyndicationAllowed = a.Syndication.Allowed, SyndicationExpiresAt = a.Syndication.ExpiresAt,
            })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var tags = await LinksAsync(db.TagLinks, ids, ct);
        var bylines = await LinksAsync(db.BylineLinks, ids, ct);
        var entities = await LinksAsync(db.EntityLinks, ids, ct);
        var terms = new Dictionary<int, KeyTerm[]>();
        await foreach (var row in articles.AsNoTracking().Select(a => new { a.Id, a.KeyTerms.Terms }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (KeyTermText.Read(row.Terms, _words) is { Count: > 0 } read)
            {
                terms[row.Id] = [.. read];
            }
        }

        return
        [
            .. rows.Select(r => new ArticleFacts(
                r.Id, r.Status, r.PublishedAt, r.Section, r.Language, r.SyndicationAllowed, r.SyndicationExpiresAt,
                tags.GetValueOrDefault(r.Id).Ids ?? [], bylines.GetValueOrDefault(r.Id).Ids ?? [],
                entities.GetValueOrDefault(r.Id).Ids ?? [], entities.GetValueOrDefault(r.Id).Salience, r.EmbargoUntil,
                terms.GetValueOrDefault(r.Id))),
        ];
    }

    /// <summary>
    /// Each article's linked ids with their salience (null when every one is 1, as for tags and bylines), streamed
    /// so a full load holds no more than the result.
    /// </summary>
    private static async Task<Dictionary<int, (int[] Ids, float[]? Salience)>> LinksAsync(
        IQueryable<ArticleLink> links, IReadOnlyCollection<int>? ids, CancellationToken ct)
    {
        var byArticle = new Dictionary<int, List<(int Id, float Salience)>>();
        var query = ids is null ? links : links.Where(l => ids.Contains(l.ArticleId));
        await foreach (var link in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!byArticle.TryGetValue(link.ArticleId, out var list))
            {
                byArticle[link.ArticleId] = list = new List<(int, float)>(8);
            }

            list.Add((link.ResourceId, (float)link.Salience));
        }

        return byArticle.ToDictionary(
            e => e.Key,
            e => ((int[])[.. e.Value.Select(l => l.Id)], e.Value.All(l => l.Salience == 1) ? null : (float[]?)[.. e.Value.Select(l => l.Salience)]));
    }

    /// <summary>The names of all (ids null) or of these bylines, tags or entities; entities with their type.</summary>
    private static async Task<Dictionary<int, ReferenceName>> NamesAsync<T>(IQueryable<T> table, HashSet<int>? ids, CancellationToken ct)
        where T : class, IReferenceResource =>
        ids is { Count: 0 }
            ? []
            : await (ids is null ? table : table.Where(r => ids.Contains(r.Id))).AsNoTracking()
                .ToDictionaryAsync(r => r.Id, r => new ReferenceName(r.Slug, r.Name, (r as NamedEntity)?.Type), ct);

    private static Dictionary<int, ReferenceName> Merged(Dictionary<int, ReferenceName> current, HashSet<int> changed, Dictionary<int, ReferenceName> reread)
    {
        if (changed.Count == 0)
        {
            return current;
        }

        var merged = new Dictionary<int, ReferenceName>(current);
        foreach (var id in changed)
        {
            if (reread.TryGetValue(id, out var name))
            {
                merged[id] = name;
            }
            else
            {
                merged.Remove(id);
            }
        }

        return merged;
    }
}

/// <summary>The ids of the articles, tags, bylines and entities a write touched.</summary>
public sealed class ChangedIds
{
    public HashSet<int> Articles { get; } = [];
    public HashSet<int> Tags { get; } = [];
    public HashSet<int> Bylines { get; } = [];
    public HashSet<int> Entities { get; } = [];

    public bool IsEmpty => Articles.Count + Tags.Count + Bylines.Count + Entities.Count == 0;

    /// <summary>The ids of saved entities: read after saving, when new ones have theirs.</summary>
    public static ChangedIds Of(IEnumerable<object> saved)
    {
        var changed = new ChangedIds();
        foreach (var entity in saved)
        {
            _ = entity switch
            {
                Article a => changed.Articles.Add(a.Id),
                ArticleTag l => changed.Articles.Add(l.ArticleId),
                ArticleByline l => changed.Articles.Add(l.ArticleId),
                ArticleEntity l => changed.Articles.Add(l.ArticleId),
                Tag t => changed.Tags.Add(t.Id),
                Byline b => changed.Bylines.Add(b.Id),
                NamedEntity e => changed.Entities.Add(e.Id),
                _ => false,
            };
        }

        return changed;
    }

    public void Add(ChangedIds other)
    {
        Articles.UnionWith(other.Articles);
        Tags.UnionWith(other.Tags);
        Bylines.UnionWith(other.Bylines);
        Entities.UnionWith(other.Entities);
    }
}

/// <summary>
/// Keeps the catalog current: notes which articles, tags, bylines and entities a SaveChanges touches,
/// and rereads them once the write is committed (at once, or when the surrounding transaction
/// commits; a rollback forgets them). Writes that bypass the change tracker (raw SQL) must not touch
/// what the catalog holds. Article writes by another process on the same database (a replica, the import
/// command while the service runs) are followed through the change log (see ChangeLogFollower).
/// </summary>
public sealed class ArticleCatalogUpdates(ArticleCatalog catalog, IServiceScopeFactory scopes) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<object>> _saving = new();
    private readonly ConditionalWeakTable<DbContext, ChangedIds> _uncommitted = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await SavedAsync(eventData.Context);
        return result;
    }

    // Microsoft.Data.Sqlite does its work synchronously either way; this path is for callers of SaveChanges().
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SavedAsync(eventData.Context).GetAwaiter().GetResult();
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(_saving, eventData.Context);

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && _uncommitted.TryGetValue(db, out var changed))
        {
            _uncommitted.Remove(db);
            await RefreshAsync(changed);
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        TransactionCommittedAsync(transaction, eventData).GetAwaiter().GetResult();

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(_uncommitted, eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(_uncommitted, eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Before saving: the tracked entries that will change (new articles' ids are read after).</summary>
    private void Note(DbContext? context)
    {
        if (context is null || !catalog.IsLoaded)
        {
            return;
        }

        _saving.AddOrUpdate(context, [.. context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Entity)]);
    }

    /// <summary>
    /// Rereads committed rows through a context of its own: the writing context's connection may still
    /// be finishing its transaction. Not cancellable: the write has happened, so the catalog must follow.
    /// </summary>
    private async Task RefreshAsync(ChangedIds changed)
    {
        await using var scope = scopes.CreateAsyncScope();
        await catalog.RefreshAsync(scope.ServiceProvider.GetRequiredService<ContentDb>(), changed, CancellationToken.None);
    }

    private async Task SavedAsync(DbContext? context)
    {
        if (context is not { } db || !_saving.TryGetValue(db, out var saved))
        {
            return;
        }

        _saving.Remove(db);
        var pending = ChangedIds.Of(saved);
        if (pending.IsEmpty)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            await RefreshAsync(pending);
        }
        else
        {
            _uncommitted.GetValue(db, _ => new ChangedIds()).Add(pending);
        }
    }

    private static void Forget<T>(ConditionalWeakTable<DbContext, T> table, DbContext? context)
        where T : class
    {
        if (context is not null)
        {
            table.Remove(context);
        }
    }
}
