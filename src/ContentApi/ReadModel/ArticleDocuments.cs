using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.ReadModel;

/// <summary>
/// Reading the ArticleDocuments rows (see <see cref="ArticleDocumentRow"/>) through EF, off the hot path, and writing them
/// through the dialect.
/// </summary>
public static class ArticleDocuments
{
    /// <summary>The renderer's version: raise it when what a document holds changes, and start-up renders every older row again (2: facts hold key terms).</summary>
    public const int RendererVersion = 2;

    /// <summary>How facts are stored: the API's JSON conventions, enums as names.</summary>
    public static readonly JsonSerializerOptions FactsJson = CreateFactsJson();

    /// <summary>
    /// An article as rendering needs it: its row with its body, its links in display order, and its corrections; with the
    /// revision and facts of its document so far (facts without reach, which the writer knows from before its save).
    /// </summary>
    public sealed record Source(Article Article, List<ArticleRevision> Corrections, int PreviousRevision, ArticleFacts? PreviousFacts);

    /// <summary>
    /// Loads these articles (those that still exist) as rendering needs them, with what their documents were. Those in
    /// <paramref name="created"/> (new articles a save has just written, with their links) are taken as they are, not read back.
    /// </summary>
    public static async Task<List<Source>> LoadSourcesAsync(
        ContentDb db, IReadOnlyCollection<int> ids, CancellationToken ct, IReadOnlyDictionary<int, Article>? created = null)
    {
        var sources = new List<Source>(ids.Count);
        foreach (var chunk in ids.Chunk(500))
        {
            var given = created is null ? [] : chunk.Where(created.ContainsKey).ToList();
            var unread = chunk.Except(given).ToList();
            var articles = unread.Count == 0 ? [] : await db.Articles.AsNoTracking().Where(a => unread.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            if (articles.Count > 0)
            {
                await LoadLinksAsync(db, articles, ct);
            }

            foreach (var id in given)
            {
                articles[id] = created![id];
            }

            if (articles.Count == 0)
            {
                continue;
            }

            var found = chunk.Where(articles.ContainsKey).ToList();
            var corrections = (await db.ArticleRevisions.AsNoTracking()
                .Where(r => found.Contains(r.ArticleId) && r.Correction != null)
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.Number)
                .ToListAsync(ct)).ToLookup(r => r.ArticleId);
            var previous = await db.ArticleDocuments.AsNoTracking().Where(d => found.Contains(d.ArticleId))
                .Select(d => new { d.ArticleId, d.Revision, d.Facts }).ToDictionaryAsync(d => d.ArticleId, ct);
            sources.AddRange(found.Select(id => new Source(
                articles[id], [.. corrections[id]], previous.GetValueOrDefault(id)?.Revision ?? 0,
                previous.GetValueOrDefault(id)?.Facts is { } facts ? JsonSerializer.Deserialize<ArticleFacts>(facts, FactsJson) : null)));
        }

        return sources;
    }

    /// <summary>Adds their links, in display order, to these articles read from the database.</summary>
    private static async Task LoadLinksAsync(ContentDb db, Dictionary<int, Article> articles, CancellationToken ct)
    {
        var read = articles.Keys.ToList();
        foreach (var link in await db.ArticleBylines.AsNoTracking().Where(l => read.Contains(l.ArticleId)).OrderBy(l => l.Position).ToListAsync(ct))
        {
            articles[link.ArticleId].Bylines.Add(link);
        }

        foreach (var link in await db.ArticleTags.AsNoTracking().Where(l => read.Contains(l.ArticleId)).OrderBy(l => l.Position).ToListAsync(ct))
        {
            articles[link.ArticleId].Tags.Add(link);
        }

        foreach (var link in await db.ArticleEntities.AsNoTracking().Where(l => read.Contains(l.ArticleId)).OrderBy(l => l.Position).ToListAsync(ct))
        {
            articles[link.ArticleId].Entities.Add(link);
        }

        foreach (var pin in await db.ArticlePins.AsNoTracking().Where(p => read.Contains(p.ArticleId)).OrderBy(p => p.Position).ToListAsync(ct))
        {
            articles[pin.ArticleId].Pins.Add(pin);
        }

        foreach (var rejection in await db.ArticleEntityRejections.AsNoTracking().Where(r => read.Contains(r.ArticleId)).ToListAsync(ct))
        {
            articles[rejection.ArticleId].EntityRejections.Add(rejection);
        }
    }

    /// <summary>Stores rendered documents (new rows, or over the previous rendering), in the caller's transaction.</summary>
    public static Task SaveAsync(ContentDb db, IEnumerable<ArticleDocument> documents, CancellationToken ct) =>
        SqlDialect.Of(db).SaveDocumentsAsync(db, [.. documents.Select(document => new ArticleDocumentRow
        {
            ArticleId = document.Facts.Id,
            Revision = document.Revision,
            RendererVersion = RendererVersion,
            Facts = JsonSerializer.Serialize(document.Facts, FactsJson),
            Teaser = document.Teaser.Json,
            Head = document.Head,
            Tail = document.Tail,
        })], ct);

    /// <summary>The facts and teasers of every article (ids null) or of these, with their reach as the articles' rows hold it now.</summary>
    public static async Task<List<ArticleDocumentFacts>> LoadFactsAsync(ContentDb db, IReadOnlyCollection<int>? ids, CancellationToken ct)
    {
        var documents = ids is null ? db.ArticleDocuments : db.ArticleDocuments.Where(d => ids.Contains(d.ArticleId));
        var rows = documents.AsNoTracking()
            .Join(db.Articles, d => d.ArticleId, a => a.Id, (d, a) => new { d.Revision, d.Facts, d.Teaser, a.Reach, a.ReachChangesAt })
            .AsAsyncEnumerable();
        var loaded = new List<ArticleDocumentFacts>();
        await foreach (var row in rows.WithCancellation(ct))
        {
            var facts = JsonSerializer.Deserialize<ArticleFacts>(row.Facts, FactsJson)! with { Reach = row.Reach, ReachChangesAt = row.ReachChangesAt };
            loaded.Add(new ArticleDocumentFacts(facts, Teaser.Parse(row.Teaser), row.Revision));
        }

        return loaded;
    }

    /// <summary>The ids of articles with no document, or one an older renderer wrote.</summary>
    public static Task<List<int>> StaleAsync(ContentDb db, CancellationToken ct) =>
        db.Articles.Where(a => !db.ArticleDocuments.Any(d => d.ArticleId == a.Id && d.RendererVersion == RendererVersion))
            .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);

    /// <summary>Every article's former slugs.</summary>
    public static async Task<Dictionary<int, string[]>> FormerSlugsAsync(ContentDb db, IReadOnlyCollection<int>? ids, CancellationToken ct)
    {
        var aliases = ids is null ? db.ArticleSlugAliases : db.ArticleSlugAliases.Where(s => ids.Contains(s.ArticleId));
        return (await aliases.AsNoTracking().ToListAsync(ct)).GroupBy(s => s.ArticleId).ToDictionary(g => g.Key, g => g.Select(s => s.Slug).Order(StringComparer.Ordinal).ToArray());
    }

    private static JsonSerializerOptions CreateFactsJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        HttpSetup.ConfigureJson(options);
        return options;
    }
}
