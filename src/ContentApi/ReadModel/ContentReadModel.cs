using System.Diagnostics;
using System.Runtime.InteropServices;
using ContentApi.Access;
using ContentApi.Related;
using Microsoft.Extensions.Options;

namespace ContentApi.ReadModel;

/// <summary>
/// Everything reads need in memory, in one place: every article's facts and teaser, its current and former slugs, the
/// publication, update and headline orders, the postings of tags, bylines and entities with the related-articles index
/// over them, the fragments of bylines, tags and entities, and how many articles each audience may see in all and per
/// tag, byline and entity. Article pages read their document's head and tail from the database by id; everything else
/// a read needs is here.
/// <para>
/// It is changed only by <see cref="Apply"/>, with what one committed write changed: by the writer (see
/// ContentWriter) for this instance's writes, and by the change feed follower for other instances' (see
/// ChangeFeedFollower), the same way. One lock discipline: <see cref="Apply"/> holds the write lock while it changes
/// anything; every read runs inside <see cref="Read{T}"/>, under the read lock, and does only in-memory work there, so
/// a read sees either all of a write or none of it.
/// </para>
/// </summary>
public sealed class ContentReadModel : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly View _view;
    private readonly Dictionary<string, (object Value, bool ReadsText)> _remembered = new(StringComparer.Ordinal);
    private ArticleEntry?[] _articles = [];
    private long _version;

    public ContentReadModel(IOptions<RelatedOptions> options, TimeProvider clock)
    {
        _clock = clock;
        _currentAsOf = clock.GetTimestamp();
        var weights = options.Value;
        Related = new RelatedIndex((kind, id) => weights.WeightOf(kind == FeatureKind.Tag ? null : Entities.Find(id)?.Kind), weights.TermListLength);
        _view = new View(this);
    }

    private RelatedIndex Related { get; }

    /// <summary>How many articles have each key term, for choosing a written article's terms: safe to read without the lock (see RelatedIndex).</summary>
    public IDocumentFrequencies TermFrequencies => Related;

    private Dictionary<string, int> Slugs { get; } = new(StringComparer.Ordinal);

    private Dictionary<string, int> FormerSlugs { get; } = new(StringComparer.Ordinal);

    private Dictionary<int, string[]> FormerSlugsOf { get; } = [];

    private SortedKeys<DateKey> ByDate { get; } = new(Comparer<DateKey>.Default);

    private SortedKeys<UpdatedKey> ByUpdate { get; } = new(Comparer<UpdatedKey>.Default);

    private SortedKeys<HeadlineKey> ByHeadline { get; } = new(Comparer<HeadlineKey>.Default);

    /// <summary>Each tag's, byline's and entity's articles in publication order, as <see cref="ByDate"/>: its pages walk them.</summary>
    private Dictionary<(FeatureKind Kind, int Id), SortedKeys<DateKey>> ByDateWith { get; } = [];

    private ReferenceTable Tags { get; } = new();

    private ReferenceTable Bylines { get; } = new();

    private ReferenceTable Entities { get; } = new();

    private AudienceCounts Counts { get; } = new();

    /// <summary>Articles whose reach changes by the clock, by when: counts correct for those already due.</summary>
    private SortedSet<(DateTime At, int Id)> ReachDue { get; } = [];

    public bool IsLoaded { get; private set; }

    /// <summary>Set when a committed write could not be applied: the change feed follower loads everything again.</summary>
    public bool NeedsReload { get; private set; }

    public void Invalidate() => NeedsReload = true;

    /// <summary>Goes up with every change applied: an answer computed from an older version may be stale (see ResponseCache).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// How far behind the change log this instance's reads may be: the time since the start of the last read of the log
    /// that reached its end (by the change feed follower, or the load). Every write committed before that is applied.
    /// </summary>
    public TimeSpan Lag => _clock.GetElapsedTime(Interlocked.Read(ref _currentAsOf));

    private readonly TimeProvider _clock;
    private long _currentAsOf;

    /// <summary>Notes that every write committed before <paramref name="timestamp"/> (a timestamp of the service's TimeProvider) is applied.</summary>
    public void CurrentAsOf(long timestamp)
    {
        var known = Interlocked.Read(ref _currentAsOf);
        while (timestamp > known && Interlocked.CompareExchange(ref _currentAsOf, timestamp, known) != known)
        {
            known = Interlocked.Read(ref _currentAsOf);
        }
    }

    /// <summary>Runs <paramref name="read"/> under the read lock: in-memory work only, never an await.</summary>
    public T Read<T>(Func<View, T> read)
    {
        using var span = ContentApi.Telemetry.ContentTelemetry.Source.StartActivity("read_model.read");
        _lock.EnterReadLock();
        try
        {
            return read(_view);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Replaces everything with what was loaded (at start-up).</summary>
    public void Load(IReadOnlyCollection<ArticleDocumentFacts> articles, IReadOnlyDictionary<int, string[]> formerSlugs,
        IEnumerable<ReferenceFragment> tags, IEnumerable<ReferenceFragment> bylines, IEnumerable<ReferenceFragment> entities)
    {
        _lock.EnterWriteLock();
        try
        {
            _articles = new ArticleEntry?[articles.Count == 0 ? 0 : articles.Max(a => a.Facts.Id) + 1];
            Slugs.Clear();
            FormerSlugs.Clear();
            FormerSlugsOf.Clear();
            ReachDue.Clear();
            Counts.Clear();
            foreach (var article in articles)
            {
                _articles[article.Facts.Id] = new ArticleEntry(article.Facts, article.Teaser, article.Revision);
                Slugs[article.Facts.Slug] = article.Facts.Id;
                Count(article.Facts, +1);
            }

            foreach (var (id, slugs) in formerSlugs)
            {
                SetFormerSlugs(id, slugs);
            }

            Tags.Load(tags);
            Bylines.Load(bylines);
            Entities.Load(entities);
            var facts = articles.Select(a => a.Facts).ToList();
            ByDate.Load(facts.Select(DateKey.Of));
            ByUpdate.Load(facts.Select(UpdatedKey.Of));
            ByHeadline.Load(facts.Select(HeadlineKey.Of));
            ByDateWith.Clear();
            foreach (var link in facts.SelectMany(f => LinksOf(f).Select(link => (Link: link, Key: DateKey.Of(f)))).GroupBy(l => l.Link, l => l.Key))
            {
                var keys = new SortedKeys<DateKey>(Comparer<DateKey>.Default);
                keys.Load(link.Distinct());
                ByDateWith[link.Key] = keys;
            }

            Related.Load(facts);
            _remembered.Clear();
            (IsLoaded, NeedsReload) = (true, false);
            Interlocked.Increment(ref _version);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Applies what one or more committed writes changed, all at once. A document older than the one held (a follower
    /// reading behind a local write) is passed over. The caller then retires the answers that name the changes' keys.
    /// </summary>
    public void Apply(ContentChanges changes)
    {
        // Before the first load (a command such as import, or start-up before the follower loads), the load will read
        // these writes from the database: holding them meanwhile would only cost memory, a lot of it in a bulk import.
        if (changes.IsEmpty || !IsLoaded)
        {
            // Nothing held here changed (the search index did): a new version all the same, so that an answer computed
            // before the change is never kept after the keys it names are retired.
            Forget(everything: false);
            Interlocked.Increment(ref _version);
            return;
        }

        _lock.EnterWriteLock();
        try
        {
            ApplyReferences(changes);
            var articleChanges = new List<(ArticleFacts? Old, ArticleFacts? New)>();
            foreach (var (id, document) in changes.Articles)
            {
                var old = Find(id);
                if (document is not null && old is not null && _articles[id]!.Revision > document.Revision)
                {
                    continue;
                }

                if (old is null && document is null)
                {
                    continue;
                }

                articleChanges.Add((old?.Facts, document?.Facts));
                EnsureRoom(id);
                _articles[id] = document is null ? null : new ArticleEntry(document.Facts, document.Teaser, document.Revision);
            }

            foreach (var (id, (reach, changesAt)) in changes.Reach)
            {
                if (Find(id) is not { } entry || (entry.Facts.Reach == reach && entry.Facts.ReachChangesAt == changesAt))
                {
                    continue;
                }

                var facts = entry.Facts with { Reach = reach, ReachChangesAt = changesAt };
                articleChanges.Add((entry.Facts, facts));
                _articles[id] = entry with { Facts = facts };
            }

            foreach (var (old, @new) in articleChanges)
            {
                if (old is not null)
                {
                    Count(old, -1);
                    if (Slugs.TryGetValue(old.Slug, out var holder) && holder == old.Id)
                    {
                        Slugs.Remove(old.Slug);
                    }
                }

                if (@new is not null)
                {
                    Count(@new, +1);
                    Slugs[@new.Slug] = @new.Id;
                }
                else
                {
                    SetFormerSlugs(old!.Id, []);
                }
            }

            foreach (var (id, slugs) in changes.FormerSlugs)
            {
                SetFormerSlugs(id, slugs);
            }

            Reorder(articleChanges);
            Related.Apply(articleChanges);
            Forget(everything: changes.References.Count > 0 || articleChanges.Any(c => c.Old is null || c.New is null || !c.Old.InTheSameListsAs(c.New)));
            Interlocked.Increment(ref _version);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// A value computed from the model (facet counts, say), kept until a change could change it: any change to which
    /// articles are in which lists, or to a byline, tag or entity; with <paramref name="readsText"/> (it read a search's
    /// hits), any change at all. At most <see cref="MaxRemembered"/> at a time (past that, all are forgotten and kept
    /// afresh). Call inside <see cref="Read{T}"/>.
    /// </summary>
    private T Remember<T>(string key, bool readsText, Func<T> compute)
        where T : class
    {
        lock (_remembered)
        {
            if (_remembered.TryGetValue(key, out var kept))
            {
                return (T)kept.Value;
            }
        }

        var value = compute();
        lock (_remembered)
        {
            if (_remembered.Count >= MaxRemembered)
            {
                _remembered.Clear();
            }

            _remembered[key] = (value, readsText);
        }

        return value;
    }

    /// <summary>Forgets the remembered values a change may have changed: all, or those that read article text.</summary>
    private void Forget(bool everything)
    {
        lock (_remembered)
        {
            if (everything)
            {
                _remembered.Clear();
                return;
            }

            foreach (var (key, kept) in _remembered)
            {
                if (kept.ReadsText)
                {
                    _remembered.Remove(key);
                }
            }
        }
    }

    public const int MaxRemembered = 1_000;

    public void Dispose() => _lock.Dispose();

    private ArticleEntry? Find(int id) => id >= 0 && id < _articles.Length ? _articles[id] : null;

    private void EnsureRoom(int id)
    {
        if (id >= _articles.Length)
        {
            Array.Resize(ref _articles, Math.Max(id + 1, _articles.Length * 2));
        }
    }

    private void ApplyReferences(ContentChanges changes)
    {
        var retyped = new List<int>();
        foreach (var ((kind, id), fragment) in changes.References)
        {
            var table = TableOf(kind);
            if (kind == FeatureKind.Entity && table.Find(id)?.Kind != fragment?.Kind)
            {
                retyped.Add(id);
            }

            table.Set(id, fragment);
        }

        if (retyped.Count > 0)
        {
            Related.Reweigh(FeatureKind.Entity, retyped);
        }
    }

    private ReferenceTable TableOf(FeatureKind kind) => kind switch
    {
        FeatureKind.Tag => Tags,
        FeatureKind.Byline => Bylines,
        _ => Entities,
    };

    private void SetFormerSlugs(int id, string[] slugs)
    {
        foreach (var slug in FormerSlugsOf.GetValueOrDefault(id) ?? [])
        {
            if (FormerSlugs.TryGetValue(slug, out var holder) && holder == id)
            {
                FormerSlugs.Remove(slug);
            }
        }

        if (slugs.Length == 0)
        {
            FormerSlugsOf.Remove(id);
            return;
        }

        FormerSlugsOf[id] = slugs;
        foreach (var slug in slugs)
        {
            FormerSlugs[slug] = id;
        }
    }

    private void Reorder(List<(ArticleFacts? Old, ArticleFacts? New)> changes)
    {
        ByDate.Apply(Keys(changes, c => c.Old, DateKey.Of), Keys(changes, c => c.New, DateKey.Of));
        ByUpdate.Apply(Keys(changes, c => c.Old, UpdatedKey.Of), Keys(changes, c => c.New, UpdatedKey.Of));
        ByHeadline.Apply(Keys(changes, c => c.Old, HeadlineKey.Of), Keys(changes, c => c.New, HeadlineKey.Of));

        // Per link, only what moved: an edit that keeps the article's time and links leaves its lists as they are.
        var before = changes.SelectMany(c => Placed(c.Old)).ToHashSet();
        var after = changes.SelectMany(c => Placed(c.New)).ToHashSet();
        var removed = before.Except(after).ToLookup(p => p.Link, p => p.Key);
        var added = after.Except(before).ToLookup(p => p.Link, p => p.Key);
        foreach (var link in removed.Select(g => g.Key).Union(added.Select(g => g.Key)))
        {
            ref var keys = ref CollectionsMarshal.GetValueRefOrAddDefault(ByDateWith, link, out _);
            keys ??= new SortedKeys<DateKey>(Comparer<DateKey>.Default);
            keys.Apply([.. removed[link]], [.. added[link]]);
            if (keys.Count == 0)
            {
                ByDateWith.Remove(link);
            }
        }

        static List<TKey> Keys<TKey>(
            List<(ArticleFacts? Old, ArticleFacts? New)> changes, Func<(ArticleFacts? Old, ArticleFacts? New), ArticleFacts?> side, Func<ArticleFacts, TKey> key) =>
            [.. changes.Select(side).OfType<ArticleFacts>().Select(key)];

        static IEnumerable<((FeatureKind, int) Link, DateKey Key)> Placed(ArticleFacts? article) =>
            article is null ? [] : LinksOf(article).Select(link => (link, DateKey.Of(article)));
    }

    private static IEnumerable<(FeatureKind Kind, int Id)> LinksOf(ArticleFacts article) =>
        article.TagIds.Select(id => (FeatureKind.Tag, id))
            .Concat(article.BylineIds.Select(id => (FeatureKind.Byline, id)))
            .Concat(article.EntityIds.Select(id => (FeatureKind.Entity, id)));

    /// <summary>Adds (or, with -1, takes away) an article from the counts of the audiences that may see it, in all and per link.</summary>
    private void Count(ArticleFacts article, int delta)
    {
        Counts.Add(article, delta);
        if (article.ReachChangesAt is { } at)
        {
            if (delta > 0)
            {
                ReachDue.Add((at, article.Id));
            }
            else
            {
                ReachDue.Remove((at, article.Id));
            }
        }
    }

    private static readonly SortedKeys<DateKey> NoKeys = new(Comparer<DateKey>.Default);

    private sealed record ArticleEntry(ArticleFacts Facts, Teaser Teaser, int Revision);

    /// <summary>What reads may look at, only inside <see cref="Read{T}"/>.</summary>
    public sealed class View(ContentReadModel model)
    {
        /// <summary>The version this view shows (see <see cref="ContentReadModel.Version"/>).</summary>
        public long Version => model.Version;

        public int ArticleCount => model.Slugs.Count;

        public ArticleFacts? Find(int id) => model.Find(id)?.Facts;

        public Teaser? TeaserOf(int id) => model.Find(id)?.Teaser;

        /// <summary>Which rendering of the article's document the model holds (see <see cref="ArticleDocument.Revision"/>).</summary>
        public int RevisionOf(int id) => model.Find(id)?.Revision ?? 0;

        /// <summary>Every article, in id order.</summary>
        public IEnumerable<ArticleFacts> All() => model._articles.Where(a => a is not null).Select(a => a!.Facts);

        /// <summary>The article an id, a current slug or a former slug names, and whether it was a former slug.</summary>
        /// <remarks>A key that is a number names an id, as <see cref="Lookup.WhereKey{T}"/> reads it.</remarks>
        public (ArticleFacts Article, bool Moved)? Resolve(string idOrSlug)
        {
            if (Lookup.TryParseId(idOrSlug, out var id) ? Find(id) is not null : model.Slugs.TryGetValue(idOrSlug, out id))
            {
                return (Find(id)!, false);
            }

            return model.FormerSlugs.TryGetValue(idOrSlug, out var movedId) && Find(movedId) is { } moved ? (moved, true) : null;
        }

        /// <summary>Every article in publication order, oldest first with unpublished ones before all, ties by id.</summary>
        public SortedKeys<DateKey> ByDate => model.ByDate;

        /// <summary>Every article by last update, oldest first, ties by id.</summary>
        public SortedKeys<UpdatedKey> ByUpdate => model.ByUpdate;

        /// <summary>Every article by headline (ordinal), ties by id.</summary>
        public SortedKeys<HeadlineKey> ByHeadline => model.ByHeadline;

        /// <summary>The articles with this tag, byline or entity in publication order, as <see cref="ByDate"/>.</summary>
        public SortedKeys<DateKey> ByDateWith(FeatureKind kind, int id) => model.ByDateWith.GetValueOrDefault((kind, id)) ?? NoKeys;

        /// <summary>The postings and the related-articles index.</summary>
        public RelatedIndex Related => model.Related;

        public ReferenceTable References(FeatureKind kind) => model.TableOf(kind);

        public ReferenceTable Tags => model.Tags;

        public ReferenceTable Bylines => model.Bylines;

        public ReferenceTable Entities => model.Entities;

        /// <summary>
        /// How many articles the audience may see at <paramref name="now"/>: in all, or with one tag, byline or entity.
        /// Exact: the counts follow each article's logged reach, corrected for those whose reach came due by the clock
        /// since it was logged.
        /// </summary>
        public int CountVisible(ArticleVisibility visibility, (FeatureKind Kind, int Id)? with = null)
        {
            if (visibility.Reach == ArticleReach.Editors)
            {
                return with is { } link ? Related.Frequency(link.Kind, link.Id) : ArticleCount;
            }

            var count = model.Counts.Get(visibility.Reach, with);
            var visible = visibility.ForFacts();
            foreach (var (at, id) in model.ReachDue)
            {
                if (at > visibility.Now)
                {
                    break;
                }

                if (Find(id) is { } article && (with is not { } l || AudienceCounts.Links(article, l.Kind).Contains(l.Id)))
                {
                    count += (visible(article) ? 1 : 0) - ((article.Reach & visibility.Reach) != 0 ? 1 : 0);
                }
            }

            return count;
        }

        /// <summary>The next moment an article's reach changes by the clock; null if none is due.</summary>
        public DateTime? NextReachChange => model.ReachDue.Count == 0 ? null : model.ReachDue.Min.At;

        /// <summary>A value computed from this version of the model, kept until a change that may change it (see facets).</summary>
        public T Remember<T>(string key, bool readsText, Func<T> compute)
            where T : class => model.Remember(key, readsText, compute);
    }
}

/// <summary>Bylines, tags or entities by id and by slug, with their fragments.</summary>
public sealed class ReferenceTable
{
    private readonly Dictionary<int, ReferenceFragment> _byId = [];
    private readonly Dictionary<string, int> _bySlug = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    public IEnumerable<ReferenceFragment> All => _byId.Values;

    public ReferenceFragment? Find(int id) => _byId.GetValueOrDefault(id);

    /// <summary>The one an id or a slug names (a key that is a number names an id, as <see cref="Lookup.WhereKey{T}"/> reads it).</summary>
    public ReferenceFragment? Find(string idOrSlug) =>
        Lookup.TryParseId(idOrSlug, out var id) ? Find(id) : _bySlug.TryGetValue(idOrSlug, out id) ? Find(id) : null;

    /// <summary>
    /// The distinct ids that slugs or ids name, and whether every key named something: a key names what has it as its
    /// slug and, when it is a number, what has it as its id (as <see cref="Lookup.IdsAsync{T}"/> does in SQL).
    /// </summary>
    public (List<int> Ids, bool EveryKeyFound) Ids(IReadOnlyList<string> keys)
    {
        var ids = new List<int>();
        var every = true;
        foreach (var key in keys)
        {
            var found = false;
            if (_bySlug.TryGetValue(key, out var bySlug))
            {
                ids.Add(bySlug);
                found = true;
            }

            if (Lookup.TryParseId(key, out var id) && _byId.ContainsKey(id))
            {
                ids.Add(id);
                found = true;
            }

            every &= found;
        }

        return ([.. ids.Distinct()], every);
    }

    internal void Load(IEnumerable<ReferenceFragment> fragments)
    {
        _byId.Clear();
        _bySlug.Clear();
        foreach (var fragment in fragments)
        {
            Set(fragment.Id, fragment);
        }
    }

    internal void Set(int id, ReferenceFragment? fragment)
    {
        if (_byId.Remove(id, out var old) && _bySlug.TryGetValue(old.Slug, out var holder) && holder == id)
        {
            _bySlug.Remove(old.Slug);
        }

        if (fragment is not null)
        {
            _byId[id] = fragment;
            _bySlug[fragment.Slug] = id;
        }
    }
}

/// <summary>
/// For each audience but editors (who see everything), how many articles it may see by their logged reach: in all, and
/// per tag, byline and entity.
/// </summary>
internal sealed class AudienceCounts
{
    private static readonly ArticleReach[] Audiences = [ArticleReach.Readers, ArticleReach.Partners, ArticleReach.EmbargoPartners];
    private readonly int[] _total = new int[Audiences.Length];
    private readonly Dictionary<(FeatureKind, int), int[]> _perLink = [];

    public void Clear()
    {
        Array.Clear(_total);
        _perLink.Clear();
    }

    public int Get(ArticleReach audience, (FeatureKind Kind, int Id)? with)
    {
        var at = Array.IndexOf(Audiences, audience);
        return with is { } link ? _perLink.GetValueOrDefault(link)?[at] ?? 0 : _total[at];
    }

    public void Add(ArticleFacts article, int delta)
    {
        for (var at = 0; at < Audiences.Length; at++)
        {
            if ((article.Reach & Audiences[at]) == 0)
            {
                continue;
            }

            _total[at] += delta;
            foreach (var kind in (ReadOnlySpan<FeatureKind>)[FeatureKind.Tag, FeatureKind.Byline, FeatureKind.Entity])
            {
                foreach (var id in Links(article, kind))
                {
                    ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(_perLink, (kind, id), out _);
                    counts ??= new int[Audiences.Length];
                    counts[at] += delta;
                }
            }
        }
    }

    public static int[] Links(ArticleFacts article, FeatureKind kind) => kind switch
    {
        FeatureKind.Tag => article.TagIds,
        FeatureKind.Byline => article.BylineIds,
        _ => article.EntityIds,
    };
}

/// <summary>An article's facts and teaser as loaded from its document row, without the head and tail.</summary>
public sealed record ArticleDocumentFacts(ArticleFacts Facts, Teaser Teaser, int Revision);
