using System.Globalization;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.Persistence;
using ContentApi.ReadModel;
using ContentApi.Related;
using Microsoft.Extensions.Options;

namespace ContentApi.Articles;

/// <summary>
/// GET /v1/articles: the visible articles that match the filters, in the asked order, a page at a time, chosen and put
/// together from the read model and the stored teasers. Only a search reads the database: the full-text index for its
/// hits, and their snippets for the page.
/// </summary>
public static class ArticleLists
{
    public static async Task<Results<JsonAnswer<ArticleList>, ValidationProblem>> ListAsync(
        ArticleListQuery query, ArticleVisibility visibility, HttpContext http, ContentReadModel model, ArticleJson json, CancellationToken ct)
    {
        var search = http.RequestServices.GetRequiredService<IOptions<SearchOptions>>().Value;
        var index = http.RequestServices.GetRequiredService<IFullTextSearch>();
        var found = await FindAsync(query, visibility, index, model, search, ct);
        if (found.Problem is { } problem)
        {
            return problem;
        }

        var page = found.Page!;
        Dictionary<int, string>? snippets = null;
        if (page.Match is { } match && page.Items.Count > 0)
        {
            try
            {
                snippets = (await index.SnippetsAsync(match, [.. page.Items.Select(i => i.Id)], search.Timeout, ct))
                    .ToDictionary(s => s.Key, s => ArticleSearchIndex.Highlighted(s.Value));
            }
            catch (Exception e) when (index.IsOverBudget(e) && !ct.IsCancellationRequested)
            {
                return TimedOut(search);
            }
        }
        var sources = http.AnswerSources();
        var shape = ItemShape.Of(query.IncludeList, query.FieldList);
        var nextCursor = page.NextCursor;
        var next = nextCursor is null ? null : NextLinks.For(http.Request, nextCursor);
        var output = new PooledBuffer(4096 + (page.Items.Count * 2048));
        model.Read(view =>
        {
            sources.ValidUntil = view.NextReachChange;
            using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = json.Options.Encoder, SkipValidation = true });
            writer.WriteStartObject();
            writer.WritePropertyName("items");
            writer.WriteStartArray();
            // The items go straight into the answer, after what the writer holds, rather than through a buffer of their
            // own: a page of 25 with bylines and tags is some 60 KB, copied once more for nothing.
            writer.Flush();
            var first = true;
            foreach (var (id, _) in page.Items)
            {
                if (view.Find(id) is { } facts && view.TeaserOf(id) is { } teaser)
                {
                    if (!first)
                    {
                        Teaser.Put(output, ","u8);
                    }

                    json.Item(output, facts, teaser, view, shape, snippets?.GetValueOrDefault(id), sources.Keys);
                    first = false;
                }
            }

            writer.WriteEndArray();
            writer.WriteNumber("limit", query.Limit);
            writer.WriteString("nextCursor", nextCursor);
            writer.WriteString("next", next);
            if (page.Total is { } total)
            {
                writer.WriteNumber("total", total);
            }

            if (query.FacetList.Count > 0)
            {
                writer.WritePropertyName("facets");
                JsonSerializer.Serialize(writer, ArticleFacetCounts.Count(view, page.Filter, visibility, page.Match, page.Hits, query.FacetList, sources.Keys), json.Options);
            }

            writer.WriteEndObject();
            writer.Flush();
            return 0;
        });
        sources.Keys.UnionWith(page.SetKeys);
        return new JsonAnswer<ArticleList>(output);
    }

    /// <summary>
    /// Finds the page a list query asks for (its filters, search, sort, cursor and limit, for what the caller may see):
    /// the lists and the feeds read articles this one way. A search that cannot be run is a 400 on q: one with no words,
    /// one the database refuses, or one that outlasts Search:Timeout (see <see cref="SearchOptions"/>).
    /// </summary>
    internal static async Task<(FoundArticles? Page, ValidationProblem? Problem)> FindAsync(
        ArticleListQuery query, ArticleVisibility visibility, IFullTextSearch index, ContentReadModel model, SearchOptions search, CancellationToken ct)
    {
        var sort = query.EffectiveSort;
        var cursor = ArticleCursor.Decode(query.Cursor);
        string? match = null;
        List<SearchHit>? hits = null;
        if (query.Q is { } text && !string.IsNullOrWhiteSpace(text))
        {
            match = ArticleSearchIndex.ToMatchExpression(text);
            if (match is null)
            {
                return (null, SearchProblem("The search has no words in it."));
            }

            try
            {
                // Only relevance reads the ranks: bm25 for every hit is most of a search's cost.
                hits = sort == "relevance"
                    ? await index.RankedAsync(match, search.Timeout, ct)
                    : [.. (await index.MatchingAsync(match, search.Timeout, ct)).Select(id => new SearchHit(id, 0))];
            }
            catch (Exception e) when (index.IsSyntaxError(e))
            {
                return (null, SearchProblem("The search could not be understood. Use words, \"quoted phrases\" and word* prefixes."));
            }
            catch (Exception e) when (index.IsOverBudget(e) && !ct.IsCancellationRequested)
            {
                return (null, TimedOut(search));
            }
        }

        return (model.Read(view =>
        {
            var filter = ArticleFilter.Resolve(query, view);
            var chosen = hits is not null
                ? ArticlePaging.ChooseAmongHits(view, hits, filter, visibility, sort, cursor, query.Limit, query.Count)
                : ArticlePaging.Choose(view, filter, visibility, sort, cursor, query.Limit, query.Count);
            var last = chosen.Items.Count > 0 ? view.Find(chosen.Items[^1].Id) : null;
            var next = chosen.More && last is not null
                ? new ArticleCursor(sort, KeyOf(last, chosen.Items[^1].Rank, sort), last.Id).Encode()
                : null;
            return new FoundArticles(filter, match, hits?.Select(h => h.ArticleId).ToHashSet(), sort, chosen.Items, next, chosen.Total, SetKeys(filter, sort, match));
        }), null);
    }

    /// <summary>
    /// The surrogate keys of which articles a list may show and in what order (see SurrogateKeys): those with the tags,
    /// bylines or entities it filters by (an article entering it has one), or all articles; the order, when it is by
    /// update or headline; and what search finds, when searching.
    /// </summary>
    private static List<string> SetKeys(ArticleFilter filter, string sort, string? match)
    {
        List<string> keys = [.. filter.Links.Select(l => SurrogateKeys.ArticlesWith(l.Kind, l.Id))];
        if (keys.Count == 0)
        {
            keys.Add(SurrogateKeys.Articles);
        }

        if (sort == "updated")
        {
            keys.Add(SurrogateKeys.ArticlesByUpdate);
        }
        else if (sort == "headline")
        {
            keys.Add(SurrogateKeys.ArticlesByHeadline);
        }

        if (match is not null)
        {
            keys.Add(SurrogateKeys.ArticleText);
        }

        return keys;
    }

    private static string KeyOf(ArticleFacts article, double rank, string sort) => sort switch
    {
        "relevance" => rank.ToString("R", CultureInfo.InvariantCulture),
        "updated" => article.UpdatedAt.Ticks.ToString(CultureInfo.InvariantCulture),
        "headline" => article.Headline,
        _ => (article.PublishedAt?.Ticks ?? 0).ToString(CultureInfo.InvariantCulture),
    };

    internal static DateTime? ParseTime(string key) =>
        long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 && ticks <= DateTime.MaxValue.Ticks
            ? new DateTime(ticks, DateTimeKind.Utc)
            : null;

    private static ValidationProblem TimedOut(SearchOptions search) => SearchProblem(
        $"The search took longer than {search.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was stopped. "
        + "Use longer prefixes, fewer words or more filters.");

    private static ValidationProblem SearchProblem(string message) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["q"] = [message] }, title: "Validation failed", detail: message);
}

/// <summary>
/// A page of a list query: its resolved filter, search expression and hits, its sort, the articles' ids with their search
/// ranks, in order, the next page's cursor, the total when it was asked for, and the surrogate keys of which articles
/// the list may show.
/// </summary>
internal sealed record FoundArticles(
    ArticleFilter Filter, string? Match, HashSet<int>? Hits, string Sort, List<(int Id, double Rank)> Items, string? NextCursor, int? Total,
    List<string> SetKeys);
