using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Entities;
using Mapster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Related;

public static class RelatedEndpoints
{
    public static RouteGroupBuilder MapRelated(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/articles").WithTags("Related");
        group.MapGet("/{idOrSlug}/related", GetRelated).WithName("GetRelatedArticles")
            .WithSummary("Related articles: the editor's pins, then others ranked by shared tags, entities and key terms, each with why")
            .WithDescription("Rare shared tags, entities and words count more than common ones (IDF), scores are cosine similarities scaled by "
                + "recency, and each result lists the shared tags, entities and key terms (as the article writes them) whose weights add up "
                + "to its score; explain=false leaves the reasons out. Returns fewer than limit rather than weakly related articles. "
                + "A former slug answers 308 with the current address.")
            .Produces(StatusCodes.Status308PermanentRedirect).ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        routes.MapGet("/entities/{idOrSlug}/related-entities", GetRelatedEntities).WithTags("Related").WithName("GetRelatedEntities")
            .WithSummary("The entities most often mentioned with this one, for \"also in this story\" panels")
            .WithDescription($"Scored by cosine similarity of the entities' article sets, over the newest {MaxArticlesPerEntity} articles "
                + "with this entity that the caller may see.")
            .ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        return group;
    }

    /// <summary>How many of an entity's articles related-entities reads (the newest): a bound on its cost.</summary>
    private const int MaxArticlesPerEntity = 5_000;

    private static async Task<Results<Ok<RelatedEntityList>, ProblemHttpResult>> GetRelatedEntities(
        string idOrSlug, [AsParameters] RelatedEntitiesQuery query, ArticleVisibility visibility, ContentDb db, ArticleCatalog catalog, CancellationToken ct)
    {
        if (await db.Entities.WhereKey(idOrSlug).Select(e => (int?)e.Id).SingleOrDefaultAsync(ct) is not { } id)
        {
            return Problems.NotFound("Entity", idOrSlug);
        }

        var visible = visibility.ForFacts();
        var related = catalog.Related.RelatedEntities(id, articleId => catalog.Find(articleId) is { } facts && visible(facts), query.Limit, MaxArticlesPerEntity);
        var ids = related.Select(r => r.EntityId).ToList();
        var entities = await db.Entities.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        return TypedResults.Ok(new RelatedEntityList(
        [
            .. related.Where(r => entities.ContainsKey(r.EntityId))
                .Select(r => new RelatedEntity(entities[r.EntityId].Adapt<EntityResponse>(), r.Together, Math.Round(r.Score, 6))),
        ]));
    }

    private static async Task<Results<Ok<RelatedList>, RedirectHttpResult, ProblemHttpResult>> GetRelated(
        string idOrSlug, [AsParameters] RelatedQueryParameters query, ArticleVisibility visibility, HttpRequest http,
        ContentDb db, ArticleCatalog catalog, IOptions<RelatedOptions> options, CancellationToken ct)
    {
        switch (await db.ResolveAsync(idOrSlug, visibility, ct))
        {
            case null:
                return Problems.NotFound(ArticleChanges.Kind, idOrSlug);
            case { MovedTo: { } slug }:
                return TypedResults.Redirect($"/v1/articles/{slug}/related{http.QueryString}", permanent: true, preserveMethod: true);
            case { Id: var id }:
                return TypedResults.Ok(await RelatedAsync(id, query, visibility, db, catalog, options.Value, ct));
        }
    }

    private static async Task<RelatedList> RelatedAsync(
        int id, RelatedQueryParameters query, ArticleVisibility visibility, ContentDb db, ArticleCatalog catalog, RelatedOptions options, CancellationToken ct)
    {
        var excluded = query.ExcludeList.Count == 0 ? [] : (await Lookup.IdsAsync(db.Articles, query.ExcludeList, ct)).Ids.ToHashSet();
        int? tagId = query.Tag is null ? null : (await Lookup.IdsAsync(db.Tags, [query.Tag], ct)).Ids.DefaultIfEmpty(0).First();
        var since = query.Since is { } from ? Times.ToUtc(from) : (DateTime?)null;
        var visible = visibility.ForFacts();
        bool Accept(int articleId) =>
            articleId != id && !excluded.Contains(articleId) && catalog.Find(articleId) is { } facts && visible(facts)
            && (query.Section is null || facts.Section == query.Section)
            && (since is null || facts.PublishedAt >= since)
            && (tagId is null || facts.TagIds.Contains(tagId.Value));

        var pins = (await db.ArticlePins.Where(p => p.ArticleId == id).OrderBy(p => p.Position).Select(p => p.PinnedArticleId).ToListAsync(ct))
            .Where(Accept).Take(query.Limit).ToList();
        List<RelatedHit> hits = [];
        if (catalog.Find(id) is { } source && pins.Count < query.Limit)
        {
            var halfLife = query.HalfLifeDays ?? options.HalfLifeDays;
            var diversity = Math.Clamp(query.Diversity ?? options.Diversity, 0, 1);
            var wanted = query.Limit - pins.Count;
            var limit = diversity > 0 ? wanted * Math.Max(1, options.DiversityPool) : wanted;
            var (candidates, scored) = options.CapsFor(limit);
            hits = catalog.Related.Query(source, new RelatedQuery(
                Limit: limit,
                Accept: articleId => !pins.Contains(articleId) && Accept(articleId),
                HalfLife: halfLife > 0 ? TimeSpan.FromDays(halfLife) : null,
                RecencyFloor: options.RecencyFloor,
                MinSimilarity: options.MinSimilarity,
                NearDuplicate: options.NearDuplicateSimilarity,
                NearDuplicateWindow: TimeSpan.FromHours(options.NearDuplicateHours),
                WalkLimit: options.WalkLimit,
                Evidence: options.Evidence,
                MaxCandidates: candidates,
                MaxScored: scored));
            if (diversity > 0)
            {
                hits = catalog.Related.Diversify(hits, wanted, diversity, options.Evidence);
            }
        }

        var ids = pins.Concat(hits.Select(h => h.ArticleId)).ToList();
        var loaded = await ArticleLists.Teasers(db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Where(visibility.Rule)).ToListAsync(ct);
        var items = (await ArticleLists.ItemsAsync(loaded, new ArticleListQuery(Include: query.Include), db, ct)).ToDictionary(i => i.Id);
        var related = pins.Where(p => items.ContainsKey(Key(p)))
            .Select(p => new RelatedArticle(items[Key(p)], Pinned: true, Score: null, Similarity: null, Recency: null, Reasons: []))
            .Concat(hits.Where(h => items.ContainsKey(Key(h.ArticleId))).Select(h => new RelatedArticle(
                items[Key(h.ArticleId)], Pinned: false, Math.Round(h.Score, 6), Math.Round(h.Similarity, 6), Math.Round(h.Recency, 6),
                query.Explain ? [.. h.Shared.Select(c => Reason(c, catalog))] : [])));
        return new RelatedList([.. related]);
    }

    private static string Key(int articleId) => articleId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static RelatedReason Reason(Contribution contribution, ArticleCatalog catalog)
    {
        if (contribution.Kind == FeatureKind.Term)
        {
            return new RelatedReason("term", contribution.Key ?? "", contribution.Display ?? "", Math.Round(contribution.Weight, 6));
        }

        var name = contribution.Kind == FeatureKind.Tag
            ? catalog.Tags.GetValueOrDefault(contribution.Id)
            : catalog.Entities.GetValueOrDefault(contribution.Id);
        var kind = contribution.Kind == FeatureKind.Tag ? "tag" : (name?.Kind?.ToString() ?? "other").ToLowerInvariant();
        return new RelatedReason(kind, name?.Slug ?? Key(contribution.Id), name?.Name ?? "", Math.Round(contribution.Weight, 6));
    }
}
