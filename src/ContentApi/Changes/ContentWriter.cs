using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Entities;
using ContentApi.Persistence;
using ContentApi.ReadModel;
using ContentApi.Related;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ContentApi.Changes;

/// <summary>
/// The one way content is written: articles, bylines, tags and entities, by the API, imports, restores, the trash and
/// re-extraction. An endpoint tracks its changes on a context as EF does, then calls <see cref="SaveAsync"/>, which in one
/// transaction, step by step:
/// <list type="number">
/// <item>sets each written article's reach (who may see it now) and when that next changes by the clock;</item>
/// <item>saves the tracked changes: new articles' rows, first revisions and links through the database's dialect, the
/// rest through EF;</item>
/// <item>reindexes search for the articles whose text or names changed;</item>
/// <item>renders the documents of the articles it changed (and of those pinning a deleted one) and the fragments of the
/// bylines, tags and entities it changed, and stores the documents;</item>
/// <item>appends an entry per changed article and resource to the change log, with the surrogate keys of what it changed;</item>
/// <item>commits;</item>
/// </list>
/// then shows the write to reads: the read model applies it, the response cache retires the answers that name its keys,
/// the entity matcher is rebuilt if entities changed and the extraction runner is woken if a job was queued. Other
/// instances apply the same entries from the change log (see ChangeFeedFollower). A write that fails leaves nothing
/// behind: the transaction rolls back before anything in memory has changed.
/// </summary>
public sealed partial class ContentWriter(
    ContentReadModel model, ResponseCache cache, IRepresentationRenderer renderer, EntityMatchers matchers, ExtractionJobSignal jobs,
    SearchIndexer.Signal reindexing, AppliedChanges applied, LoggedChanges logged, TimeProvider clock, ILogger<ContentWriter> log)
{
    /// <summary>Up to this many articles showing a renamed byline, tag or entity are reindexed in the rename's own transaction.</summary>
    public const int ReindexAtOnce = 500;

    private static readonly AsyncLocal<bool> Writing = new();

    /// <summary>This instance of the service, on every entry it writes (see <see cref="ChangeLogEntry.Origin"/>).</summary>
    public string Origin => applied.Origin;

    /// <summary>Whether the current flow is inside <see cref="SaveAsync"/> (see ContentWriteGuard).</summary>
    internal static bool IsWriting => Writing.Value;

    /// <summary>
    /// Saves the content changes tracked by <paramref name="db"/> and everything that follows from them (see the class),
    /// and returns the documents it rendered, by article id. The context must not be in a transaction: the write owns
    /// one. <paramref name="alsoRender"/> names articles to render again although nothing of theirs is tracked.
    /// </summary>
    /// <param name="forget">
    /// The caller is done with what the context tracks (an import's batch): the context is cleared after the save, and the
    /// new articles' links are not first tracked as saved.
    /// </param>
    public async Task<IReadOnlyDictionary<int, ArticleDocument>> SaveAsync(
        ContentDb db, CancellationToken ct, IReadOnlyCollection<int>? alsoRender = null, bool forget = false)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("ContentWriter.SaveAsync commits its own transaction: call it outside one.");
        }

        var now = clock.UtcNow();
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var dialect = SqlDialect.Of(db);
        // The links of new articles are inserted by the dialect after EF's save. Taken out before changes are detected,
        // those EF has not found yet (an import's) are never tracked.
        var newLinks = NewArticleLinks.Take(db, db.ChangeTracker.Entries<Article>().Where(e => e.State == EntityState.Added).Select(e => e.Entity));
        var linksInserted = false;
        Writing.Value = true;
        (long First, long Last)? showing = null;
        try
        {
            // Changes are detected once, here: every later detection (EF's before each save and listing of entries) would
            // walk every tracked entity again, and a batch tracks thousands. What the steps below write they add explicitly.
            db.ChangeTracker.DetectChanges();
            var plan = WritePlan.Of(db, now);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await dialect.LockChangeLogAsync(db, ct);
            // Pins to a deleted article go with it (the database cascades): the articles that had them are rendered again.
            var deleted = plan.Articles.Where(a => a.Kind == ChangeKind.Deleted).Select(a => a.Article.Id).ToList();
            var pinners = deleted.Count == 0 ? [] : await db.ArticlePins.Where(p => deleted.Contains(p.PinnedArticleId)).Select(p => p.ArticleId).ToListAsync(ct);
            await InsertCreatedAsync(db, dialect, plan, ct);
            await db.SaveChangesAsync(ct);
            await newLinks.InsertAsync(db, dialect, track: !forget, ct);
            linksInserted = true;

            var written = plan.Articles.Where(a => a.Kind != ChangeKind.Deleted).Select(a => a.Article.Id).ToHashSet();
            var render = written.Concat(plan.LinksOnly).Concat(pinners).Concat(alsoRender ?? []).Except(deleted).ToHashSet();
            // Articles are found by the names of what they show: a rename reindexes them, at once when they are few, else
            // through the search indexer's queue, so renaming a tag on half the corpus commits in moments.
            var renamedUsers = (await plan.ArticlesUsingRenamedAsync(db, ct)).Except(render).Except(deleted).ToList();
            var queued = renamedUsers.Count > ReindexAtOnce;
            await dialect.ReindexAsync(db, [.. render, .. queued ? [] : renamedUsers], ct);
            if (queued)
            {
                await dialect.QueueReindexAsync(db, renamedUsers, ct);
            }


            var changes = new ContentChanges();
            var entries = new List<NewChange>();
            var documents = await RenderAsync(db, render, plan, changes, entries, ct);
            foreach (var (article, kind, before, _, slugBefore) in plan.Articles.Where(a => a.Kind == ChangeKind.Deleted))
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                if (model.Read(view => view.Find(article.Id)) is { } facts)
                {
                    SurrogateKeys.AddArticleChange(keys, facts, null);
                }
                else
                {
                    keys.Add(SurrogateKeys.Article(article.Id));
                }

                changes.Articles[article.Id] = null;
                changes.Keys.UnionWith(keys);
                entries.Add(NewChange.Article(article.Id, article.Slug, kind, before, ArticleReach.None, article.Version, keys, slugBefore));
            }

            foreach (var (resource, id, slug, kind, version, fragment) in plan.References())
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                var rendered = fragment(renderer);
                var retyped = resource == FeatureKind.Entity && model.Read(view => view.Entities.Find(id))?.Kind != rendered?.Kind;
                SurrogateKeys.AddReferenceChange(keys, resource, id, retyped);
                changes.References[(resource, id)] = rendered;
                changes.Keys.UnionWith(keys);
                entries.Add(new NewChange(ResourceOf(resource), id, slug, kind, ArticleReach.None, ArticleReach.None, version, string.Join(' ', keys.Order(StringComparer.Ordinal))));
            }

            await dialect.AppendChangesAsync(db, entries, now, Origin, ct);
            showing = await ShowingAsync(db, entries.Count, ct);
            await dialect.NotifyChangesAsync(db, ct);
            await transaction.CommitAsync(ct);
            Show(changes, plan);
            if (queued)
            {
                reindexing.Notify();
            }

            if (forget)
            {
                db.ChangeTracker.Clear();
            }

            return documents;
        }
        catch when (!linksInserted)
        {
            newLinks.PutBack();
            throw;
        }
        finally
        {
            Writing.Value = false;
            db.ChangeTracker.AutoDetectChangesEnabled = detecting;
            Shown(showing);
        }
    }

    /// <summary>
    /// Logs every change of reach the clock has brought by <paramref name="now"/> (a scheduled publication, an embargo's
    /// end, a clearance's end), a batch per transaction, and shows them to reads; returns how many articles changed reach.
    /// Only if no other instance got there first: two clocks can read the same due articles, and the second update waits
    /// for the first to commit, then matches no row.
    /// </summary>
    public async Task<int> LogReachChangesAsync(ContentDb db, DateTime now, CancellationToken ct)
    {
        const int batchSize = 500;
        var changed = 0;
        var dialect = SqlDialect.Of(db);
        while (await db.Articles.AnyAsync(a => a.ReachChangesAt <= now, ct))
        {
            var changes = new ContentChanges();
            (long First, long Last)? showing = null;
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await dialect.LockChangeLogAsync(db, ct);
                var due = await db.Articles.AsNoTracking().Where(a => a.ReachChangesAt <= now)
                    .OrderBy(a => a.ReachChangesAt).ThenBy(a => a.Id).Take(batchSize)
                    .Select(a => new Article
                    {
                        Id = a.Id, Slug = a.Slug, Status = a.Status, PublishedAt = a.PublishedAt, EmbargoUntil = a.EmbargoUntil,
                        Syndication = a.Syndication, Reach = a.Reach, Version = a.Version,
                    })
                    .ToListAsync(ct);
                var entries = new List<NewChange>();
                foreach (var article in due)
                {
                    var reach = ArticleVisibility.ReachOf(article, now);
                    var next = ArticleVisibility.NextReachChange(article, now);
                    var updated = await db.Articles.Where(a => a.Id == article.Id && a.Reach == article.Reach && a.ReachChangesAt <= now)
                        .ExecuteUpdateAsync(set => set.SetProperty(a => a.Reach, reach).SetProperty(a => a.ReachChangesAt, next), ct);
                    if (updated == 0)
                    {
                        continue;
                    }

                    changes.Reach[article.Id] = (reach, next);
                    if (reach != article.Reach && model.Read(view => view.Find(article.Id)) is { } facts)
                    {
                        var keys = new HashSet<string>(StringComparer.Ordinal);
                        SurrogateKeys.AddArticleChange(keys, facts, facts with { Reach = reach, ReachChangesAt = next });
                        changes.Keys.UnionWith(keys);
                        entries.Add(NewChange.Article(article.Id, article.Slug, ChangeKind.Timed, article.Reach, reach, article.Version, keys));
                    }
                }

                await dialect.AppendChangesAsync(db, entries, now, Origin, ct);
                showing = await ShowingAsync(db, entries.Count, ct);
                await dialect.NotifyChangesAsync(db, ct);
                await transaction.CommitAsync(ct);
                changed += entries.Count;
                Show(changes, plan: null);
            }
            finally
            {
                Shown(showing);
            }
        }

        return changed;
    }

    /// <summary>
    /// Reindexes the next <paramref name="batchSize"/> queued articles (see <see cref="SearchReindex"/>) and logs that
    /// search changed, in one transaction; returns how many it reindexed. Instances reindexing at once may both reindex an
    /// article: the second only writes the same row again.
    /// </summary>
    public async Task<int> ReindexQueuedAsync(ContentDb db, int batchSize, CancellationToken ct)
    {
        var dialect = SqlDialect.Of(db);
        var changes = new ContentChanges();
        (long First, long Last)? showing = null;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await dialect.LockChangeLogAsync(db, ct);
            var ids = await db.SearchReindexQueue.OrderBy(q => q.ArticleId).Select(q => q.ArticleId).Take(batchSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                return 0;
            }

            await dialect.ReindexAsync(db, ids, ct);
            await db.SearchReindexQueue.Where(q => ids.Contains(q.ArticleId)).ExecuteDeleteAsync(ct);
            changes.Keys.Add(SurrogateKeys.ArticleText);
            await dialect.AppendChangesAsync(db, [new(ChangedResource.SearchIndex, 0, "", ChangeKind.Updated, ArticleReach.None, ArticleReach.None, 0, SurrogateKeys.ArticleText)],
                clock.UtcNow(), Origin, ct);
            showing = await ShowingAsync(db, 1, ct);
            await dialect.NotifyChangesAsync(db, ct);
            await transaction.CommitAsync(ct);
            Show(changes, plan: null);
            return ids.Count;
        }
        finally
        {
            Shown(showing);
        }
    }

    /// <summary>
    /// Renders the documents of articles that have none, or one an older renderer wrote (a new database, an upgrade),
    /// a batch per transaction. Nothing about them changes for readers, so nothing is logged.
    /// </summary>
    public async Task<int> RenderStaleAsync(ContentDb db, CancellationToken ct)
    {
        var stale = await ArticleDocuments.StaleAsync(db, ct);
        Writing.Value = true;
        try
        {
            foreach (var batch in stale.Chunk(500))
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var sources = await ArticleDocuments.LoadSourcesAsync(db, batch, ct);
                await ArticleDocuments.SaveAsync(db, sources.Select(s => renderer.Render(s.Article, s.Corrections, s.PreviousRevision + 1)), ct);
                await transaction.CommitAsync(ct);
            }
        }
        finally
        {
            Writing.Value = false;
        }

        if (stale.Count > 0)
        {
            LogRendered(log, stale.Count);
        }

        return stale.Count;
    }

    /// <summary>
    /// Marks the <paramref name="count"/> entries just appended as being shown (see AppliedChanges), until <see cref="Shown"/>:
    /// they are the last of the log, since appends hold the log's lock until they commit.
    /// </summary>
    private async Task<(long First, long Last)?> ShowingAsync(ContentDb db, int count, CancellationToken ct)
    {
        if (count == 0)
        {
            return null;
        }

        var last = await db.ChangeLog.MaxAsync(e => e.Sequence, ct);
        applied.Showing(last - count + 1, last);
        return (last - count + 1, last);
    }

    /// <summary>The write's entries are applied (or never committed): what follows the log may read them, and is woken.</summary>
    private void Shown((long First, long Last)? showing)
    {
        if (showing is { } entries)
        {
            applied.Shown(entries.First, entries.Last);
            logged.Notify();
        }
    }

    private void Show(ContentChanges changes, WritePlan? plan)
    {
        try
        {
            model.Apply(changes);
            cache.Retire(changes.Keys);
        }
        catch (Exception e)
        {
            // The write is committed; what memory holds no longer matches it. Start again from the database.
            LogShowFailed(log, e);
            model.Invalidate();
            cache.RetireAll();
        }

        if (plan?.EntitiesChanged == true)
        {
            matchers.Invalidate();
        }

        if (plan?.JobsQueued == true)
        {
            jobs.Notify();
        }
    }

    /// <summary>
    /// Inserts the rows of the articles the save creates, and their revisions, through the dialect, without EF's work for
    /// each (an import creates 500 at a time); EF then sees them as saved, with their ids, and gives those ids to what else
    /// it saves that refers to them (pins, candidate sightings, former slugs).
    /// </summary>
    private static async Task InsertCreatedAsync(ContentDb db, SqlDialect dialect, WritePlan plan, CancellationToken ct)
    {
        var created = plan.Articles.Where(a => a.Kind == ChangeKind.Created).Select(a => db.Entry(a.Article)).ToList();
        if (created.Count == 0)
        {
            return;
        }

        var ids = await dialect.InsertArticlesAsync(db, [.. created.Select(e => e.Entity)], ct);
        foreach (var (entry, id) in created.Zip(ids))
        {
            // Set through EF, the id reaches the revisions, pins and sightings that refer to the article.
            entry.Property(a => a.Id).CurrentValue = id;
            entry.State = EntityState.Unchanged;
            // The body, key terms, image and syndication rights are rows or columns of their own to EF: saved with it.
            foreach (var owned in entry.References.Where(r => r.Metadata.TargetEntityType.IsOwned()).Select(r => r.TargetEntry).OfType<EntityEntry>())
            {
                owned.State = EntityState.Unchanged;
            }
        }

        var createdIds = ids.ToHashSet();
        var revisions = db.ChangeTracker.Entries<ArticleRevision>().Where(e => e.State == EntityState.Added && createdIds.Contains(e.Entity.ArticleId)).ToList();
        foreach (var (entry, id) in revisions.Zip(await dialect.InsertRevisionsAsync(db, [.. revisions.Select(e => e.Entity)], ct)))
        {
            entry.Property(r => r.Id).CurrentValue = id;
            entry.State = EntityState.Unchanged;
        }
    }

    /// <summary>Renders and stores the documents of these articles, and notes their changes and log entries.</summary>
    private async Task<Dictionary<int, ArticleDocument>> RenderAsync(
        ContentDb db, HashSet<int> ids, WritePlan plan, ContentChanges changes, List<NewChange> entries, CancellationToken ct)
    {
        var rendered = new Dictionary<int, ArticleDocument>();
        if (ids.Count == 0)
        {
            return rendered;
        }

        // The articles the save created are rendered as written, with the links it inserted, rather than read back.
        var created = plan.Articles.Where(a => a.Kind == ChangeKind.Created).ToDictionary(a => a.Article.Id, a => a.Article);
        var sources = await ArticleDocuments.LoadSourcesAsync(db, [.. ids.Order()], ct, created);
        var documents = sources.Select(s => renderer.Render(s.Article, s.Corrections, s.PreviousRevision + 1)).ToList();
        await ArticleDocuments.SaveAsync(db, documents, ct);
        var writtenIds = plan.Articles.Where(a => a.Kind != ChangeKind.Deleted).Select(a => a.Article.Id).ToList();
        var formerSlugs = await ArticleDocuments.FormerSlugsAsync(db, writtenIds, ct);
        foreach (var id in writtenIds)
        {
            changes.FormerSlugs[id] = formerSlugs.GetValueOrDefault(id) ?? [];
        }

        foreach (var (source, document) in sources.Zip(documents))
        {
            var article = source.Article;
            var written = plan.Find(article.Id);
            // The reach before: the written article's as it was read for the write; otherwise it did not change.
            var (before, beforeDue) = written is null ? (article.Reach, article.ReachChangesAt) : (written.Before, written.BeforeDue);
            var beforeFacts = written?.Kind == ChangeKind.Created ? null
                : source.PreviousFacts is { } previous ? previous with { Reach = before, ReachChangesAt = beforeDue }
                : model.Read(view => view.Find(article.Id));
            var keys = new HashSet<string>(StringComparer.Ordinal);
            SurrogateKeys.AddArticleChange(keys, beforeFacts, document.Facts);
            changes.Articles[article.Id] = new ArticleDocumentFacts(document.Facts, document.Teaser, document.Revision);
            changes.Keys.UnionWith(keys);
            entries.Add(NewChange.Article(article.Id, article.Slug, written?.Kind ?? ChangeKind.Updated, before, article.Reach, article.Version, keys, written?.SlugBefore));
            rendered[article.Id] = document;
        }

        return rendered;
    }

    private static ChangedResource ResourceOf(FeatureKind kind) => kind switch
    {
        FeatureKind.Tag => ChangedResource.Tag,
        FeatureKind.Byline => ChangedResource.Byline,
        _ => ChangedResource.Entity,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Rendered the documents of {Count} articles that had none, or an older rendering.")]
    private static partial void LogRendered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "A committed write could not be applied to the read model; it will be loaded again from the database.")]
    private static partial void LogShowFailed(ILogger logger, Exception exception);

    /// <summary>What the tracked changes of one save write, read before saving (new rows get their ids in the save).</summary>
    private sealed class WritePlan
    {
        public List<WrittenArticle> Articles { get; } = [];

        /// <summary>Articles whose links or key terms alone changed (re-extraction, a deleted entity's links): written at the reach they have.</summary>
        public HashSet<int> LinksOnly { get; } = [];

        private List<(FeatureKind Kind, EntityEntry Entry, ChangeKind Change, bool Renamed)> ReferenceEntries { get; } = [];

        public bool EntitiesChanged => ReferenceEntries.Any(r => r.Kind == FeatureKind.Entity);

        public bool JobsQueued { get; private set; }

        public WrittenArticle? Find(int id) => Articles.Find(a => a.Article.Id == id);

        /// <summary>Reads the tracker (its changes detected) and sets each written article's reach for <paramref name="now"/>.</summary>
        public static WritePlan Of(ContentDb db, DateTime now)
        {
            var plan = new WritePlan();
            var written = new HashSet<int>();
            foreach (var entry in db.ChangeTracker.Entries<Article>())
            {
                var article = entry.Entity;
                var before = entry.State == EntityState.Added ? ArticleReach.None : entry.Property(a => a.Reach).OriginalValue;
                var beforeDue = entry.State == EntityState.Added ? null : entry.Property(a => a.ReachChangesAt).OriginalValue;
                var slugBefore = entry.State == EntityState.Added ? article.Slug : entry.Property(a => a.Slug).OriginalValue;
                switch (entry.State)
                {
                    case EntityState.Added or EntityState.Modified:
                        article.Reach = ArticleVisibility.ReachOf(article, now);
                        article.ReachChangesAt = ArticleVisibility.NextReachChange(article, now);
                        entry.DetectChanges();
                        plan.Articles.Add(new(article, entry.State == EntityState.Added ? ChangeKind.Created : ChangeKind.Updated, before, beforeDue, slugBefore));
                        written.Add(article.Id);
                        break;
                    case EntityState.Deleted:
                        plan.Articles.Add(new(article, ChangeKind.Deleted, before, beforeDue, slugBefore));
                        written.Add(article.Id);
                        break;
                }
            }

            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                switch (entry.Entity)
                {
                    case ArticleByline or ArticleTag or ArticleEntity or ArticlePin or ArticleEntityRejection or ArticleKeyTerms
                        when entry.Property("ArticleId").CurrentValue is int id && id > 0 && !written.Contains(id):
                        plan.LinksOnly.Add(id);
                        break;
                    case Tag:
                        plan.ReferenceEntries.Add((FeatureKind.Tag, entry, ChangeOf(entry), Renamed(entry, nameof(Tag.Name))));
                        break;
                    case Byline:
                        plan.ReferenceEntries.Add((FeatureKind.Byline, entry, ChangeOf(entry), Renamed(entry, nameof(Byline.Name))));
                        break;
                    case NamedEntity:
                        plan.ReferenceEntries.Add((FeatureKind.Entity, entry, ChangeOf(entry), Renamed(entry, nameof(NamedEntity.Name), nameof(NamedEntity.Aliases))));
                        break;
                    case ExtractionJob when entry.State == EntityState.Added:
                        plan.JobsQueued = true;
                        break;
                }
            }

            return plan;
        }

        /// <summary>The bylines, tags and entities written, each with a way to render its fragment (null when deleted); after saving.</summary>
        public IEnumerable<(FeatureKind Kind, int Id, string Slug, ChangeKind Change, int Version, Func<IRepresentationRenderer, ReferenceFragment?> Fragment)> References() =>
            ReferenceEntries.Select(r => (r.Kind, ((IReferenceResource)r.Entry.Entity).Id, ((IReferenceResource)r.Entry.Entity).Slug, r.Change,
                ((IReferenceResource)r.Entry.Entity).Version,
                (Func<IRepresentationRenderer, ReferenceFragment?>)(renderer => r.Change == ChangeKind.Deleted ? null : r.Entry.Entity switch
                {
                    Tag tag => renderer.Render(tag),
                    Byline byline => renderer.Render(byline),
                    _ => renderer.Render((NamedEntity)r.Entry.Entity),
                })));

        /// <summary>The articles that link to a renamed byline, tag or entity: search finds articles by those names.</summary>
        public async Task<List<int>> ArticlesUsingRenamedAsync(ContentDb db, CancellationToken ct)
        {
            var renamed = ReferenceEntries.Where(r => r.Renamed && r.Change == ChangeKind.Updated)
                .Select(r => (r.Kind, ((IReferenceResource)r.Entry.Entity).Id)).ToList();
            var ids = new List<int>();
            foreach (var kind in renamed.Select(r => r.Kind).Distinct())
            {
                var of = renamed.Where(r => r.Kind == kind).Select(r => r.Id).ToList();
                var links = kind switch
                {
                    FeatureKind.Tag => db.TagLinks,
                    FeatureKind.Byline => db.BylineLinks,
                    _ => db.EntityLinks,
                };
                ids.AddRange(await links.Where(l => of.Contains(l.ResourceId)).Select(l => l.ArticleId).ToListAsync(ct));
            }

            return ids;
        }

        private static ChangeKind ChangeOf(EntityEntry entry) => entry.State switch
        {
            EntityState.Added => ChangeKind.Created,
            EntityState.Deleted => ChangeKind.Deleted,
            _ => ChangeKind.Updated,
        };

        private static bool Renamed(EntityEntry entry, params string[] names) =>
            entry.State == EntityState.Modified && names.Any(name => entry.Property(name).IsModified);
    }

    /// <summary>
    /// The byline, tag and entity links of the articles a save creates, kept out of EF's save and inserted after it by the
    /// dialect, without EF's work for each row (an imported article has about 25); then tracked as saved, as EF would leave
    /// them, unless the context is to forget them.
    /// </summary>
    private sealed class NewArticleLinks
    {
        private readonly List<(Article Article, List<ArticleByline> Bylines, List<ArticleTag> Tags, List<ArticleEntity> Entities)> _articles = [];

        public static NewArticleLinks Take(ContentDb db, IEnumerable<Article> created)
        {
            var links = new NewArticleLinks();
            foreach (var article in created)
            {
                var (bylines, tags, entities) = (article.Bylines.ToList(), article.Tags.ToList(), article.Entities.ToList());
                links._articles.Add((article, bylines, tags, entities));
                article.Bylines.Clear();
                article.Tags.Clear();
                article.Entities.Clear();
                // Links EF found already (added with their article) stop being tracked; the others never start.
                foreach (var link in All(bylines, tags, entities))
                {
                    if (db.Entry(link) is { State: not EntityState.Detached } entry)
                    {
                        entry.State = EntityState.Detached;
                    }
                }
            }

            return links;
        }

        /// <summary>When the save fails: the articles hold their links again, for the caller to see as it left them.</summary>
        public void PutBack()
        {
            foreach (var (article, bylines, tags, entities) in _articles.Where(a => a.Article.Bylines.Count + a.Article.Tags.Count + a.Article.Entities.Count == 0))
            {
                article.Bylines.AddRange(bylines);
                article.Tags.AddRange(tags);
                article.Entities.AddRange(entities);
            }
        }

        /// <summary>After the save has given the articles their ids.</summary>
        public async Task InsertAsync(ContentDb db, SqlDialect dialect, bool track, CancellationToken ct)
        {
            foreach (var (article, bylines, tags, entities) in _articles)
            {
                bylines.ForEach(l => l.ArticleId = article.Id);
                tags.ForEach(l => l.ArticleId = article.Id);
                entities.ForEach(l => l.ArticleId = article.Id);
            }

            await dialect.InsertLinksAsync(db, [.. _articles.SelectMany(a => a.Bylines)], [.. _articles.SelectMany(a => a.Tags)], [.. _articles.SelectMany(a => a.Entities)], ct);
            foreach (var (article, bylines, tags, entities) in _articles)
            {
                article.Bylines.AddRange(bylines);
                article.Tags.AddRange(tags);
                article.Entities.AddRange(entities);
                if (track)
                {
                    foreach (var link in All(bylines, tags, entities))
                    {
                        db.Entry(link).State = EntityState.Unchanged;
                    }
                }
            }
        }

        private static IEnumerable<object> All(List<ArticleByline> bylines, List<ArticleTag> tags, List<ArticleEntity> entities) =>
            bylines.Cast<object>().Concat(tags).Concat(entities);
    }

    /// <summary>An article the save writes: how, who could see it before, when that was next to change, and its slug before.</summary>
    private sealed record WrittenArticle(Article Article, ChangeKind Kind, ArticleReach Before, DateTime? BeforeDue, string SlugBefore);
}
