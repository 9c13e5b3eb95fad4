using System.Globalization;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Related;

namespace ContentApi.Feeds;

/// <summary>
/// Makes a feed from a list query's first page (see <see cref="ArticleLists.FindAsync"/>): the same articles, in the
/// same order, under the same visibility rule as GET /v1/articles with sort=newest.
/// </summary>
internal static class ArticleFeeds
{
    /// <summary>Who gets each article's full body: partners, who republish it, and editors. Readers get summaries.</summary>
    public static bool GetsFullContent(Caller caller) => caller.Role is ApiRole.Partner or ApiRole.Editor or ApiRole.Admin;

    /// <summary>
    /// The feed of a list's first page, from the read model and the articles' stored pages (read by id, in one query),
    /// noting the surrogate keys of what it shows: the list's, its articles and their bylines and tags, and the names in
    /// its title.
    /// </summary>
    public static async Task<Feed> BuildAsync(
        FoundArticles found, FeedQuery query, HttpContext http, bool fullContent, FeedOptions options, ContentReadModel model, IStoredPages pages,
        CancellationToken ct)
    {
        var request = http.Request;
        var addresses = new FeedAddresses(request, options);
        var ids = found.Items.Select(p => p.Id).ToList();
        var stored = await pages.ReadAsync(ids, ct);
        var sources = http.AnswerSources();
        sources.Keys.UnionWith(found.SetKeys);
        var (entries, title, description) = model.Read(view =>
        {
            sources.ValidUntil = view.NextReachChange;
            var entries = new List<FeedEntry>();
            foreach (var id in ids.Where(stored.ContainsKey))
            {
                if (view.Find(id) is not { } facts)
                {
                    continue;
                }

                sources.Keys.Add(SurrogateKeys.Article(id));
                sources.Keys.UnionWith(facts.TagIds.Select(tag => SurrogateKeys.Of(FeatureKind.Tag, tag)));
                sources.Keys.UnionWith(facts.BylineIds.Select(byline => SurrogateKeys.Of(FeatureKind.Byline, byline)));
                entries.Add(Entry(facts, PageFields.Read(stored[id].Head), view, fullContent, addresses));
            }

            sources.Keys.UnionWith(found.Filter.Links.Select(l => SurrogateKeys.Of(l.Kind, l.Id)));
            var (title, description) = Describe(found.Filter, query, view);
            return (entries, title, description);
        });
        var list = query.Canonical();
        return new Feed(
            $"{options.Title}: {title}",
            description,
            addresses.Of(request.Path.ToUriComponent(), list),
            addresses.Of("/v1/articles", list),
            options.Title,
            entries.Count == 0 ? Feed.NothingYet : entries.Max(e => e.Updated),
            entries);
    }

    private static FeedEntry Entry(ArticleFacts facts, PageFields page, ContentReadModel.View view, bool fullContent, FeedAddresses addresses) => new(
        addresses.Of($"/v1/articles/{facts.Id.ToString(CultureInfo.InvariantCulture)}"),
        page.CanonicalUrl ?? addresses.Of($"/v1/articles/{Uri.EscapeDataString(facts.Slug)}"),
        FeedText.Clean(facts.Headline),
        FeedText.Clean(page.Standfirst ?? FeedText.Excerpt(page.Text.Length > 2 * FeedText.SummaryLength ? page.Text[..(2 * FeedText.SummaryLength)] : page.Text)),
        fullContent ? FeedText.Clean(page.Html) : null,
        facts.PublishedAt,
        facts.UpdatedAt,
        facts.Language,
        facts.EmbargoUntil,
        [.. facts.BylineIds.Select(view.Bylines.Find).OfType<ReferenceFragment>().Select(b => FeedText.Clean(b.Name))],
        [.. new[] { facts.Section }.Concat(facts.TagIds.Select(view.Tags.Find).OfType<ReferenceFragment>().Select(t => t.Name))
            .Select(FeedText.Clean).Distinct(StringComparer.Ordinal)]);

    /// <summary>
    /// The feed's title after the publication's name (what it is filtered by, by name: "World / Sahel / Amara Keita", or
    /// "Latest"), and a sentence saying everything it is filtered by. Unknown slugs are shown as given.
    /// </summary>
    private static (string Title, string Description) Describe(ArticleFilter filter, FeedQuery query, ContentReadModel.View view)
    {
        var list = query.ToListQuery();
        var tags = Names(view.Tags, filter.TagGroups, list.TagKeys, query.TagMatch == "all" ? " and " : " or ");
        var byline = Names(view.Bylines, filter.BylineGroups, query.Byline is null ? [] : [query.Byline], "");
        var entity = Names(view.Entities, filter.EntityGroups, query.Entity is null ? [] : [query.Entity], "");
        var search = string.IsNullOrWhiteSpace(query.Q) ? null : $"“{query.Q.Trim()}”";
        string?[] titled = [query.Section, tags, byline, entity, search];
        string?[] described =
        [
            query.Section is null ? null : $"in {query.Section}",
            tags is null ? null : $"tagged {tags}",
            byline is null ? null : $"by {byline}",
            entity is null ? null : $"about {entity}",
            search is null ? null : $"matching {search}",
            query.Language is null ? null : $"in language {query.Language}",
            query.From is null ? null : $"published from {FeedQuery.Rfc3339(query.From)}",
            query.To is null ? null : $"published before {FeedQuery.Rfc3339(query.To)}",
        ];
        var title = string.Join(" / ", titled.OfType<string>());
        var description = string.Join(", ", described.OfType<string>());
        return (
            FeedText.Clean(title.Length > 0 ? title : "Latest"),
            FeedText.Clean(description.Length > 0 ? $"The newest articles {description}." : "The newest articles."));
    }

    private static string? Names(ReferenceTable table, IReadOnlyList<int[]> groups, IReadOnlyList<string> keys, string conjunction)
    {
        if (keys.Count == 0)
        {
            return null;
        }

        var names = groups.SelectMany(g => g).Distinct().Select(table.Find).OfType<ReferenceFragment>().Select(r => r.Name).ToList();
        return string.Join(conjunction, names.Count > 0 ? names.Order(StringComparer.Ordinal) : keys);
    }

    /// <summary>What a feed entry takes from an article's stored page head: its standfirst, canonical address and body.</summary>
    private sealed record PageFields(string? Standfirst, string? CanonicalUrl, string Html, string Text)
    {
        public static PageFields Read(byte[] head)
        {
            // The head is the page's JSON up to its syndication, with the comma after it: read as a block that more would follow.
            var reader = new Utf8JsonReader(head, isFinalBlock: false, state: default);
            string? standfirst = null, canonicalUrl = null, html = null, text = null;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth is not (1 or 2))
                {
                    continue;
                }

                var (depth, name) = (reader.CurrentDepth, reader.GetString());
                reader.Read();
                switch (depth, name)
                {
                    case (1, "standfirst"):
                        standfirst = reader.GetString();
                        break;
                    case (1, "canonicalUrl"):
                        canonicalUrl = reader.GetString();
                        break;
                    case (2, "html"):
                        html = reader.GetString();
                        break;
                    case (2, "text"):
                        text = reader.GetString();
                        break;
                    case (1, "body"):
                        break; // read on into it
                    default:
                        reader.TrySkip();
                        break;
                }
            }

            return new PageFields(standfirst, canonicalUrl, html ?? "", text ?? "");
        }
    }
}

/// <summary>Absolute addresses for a feed: under Feeds:BaseUrl when set, else under the request's own scheme and host.</summary>
internal sealed class FeedAddresses(HttpRequest request, FeedOptions options)
{
    private readonly string _base = options.BaseUrl?.TrimEnd('/')
        ?? $"{request.Scheme}://{(request.Host.HasValue ? request.Host.ToUriComponent() : "localhost")}{request.PathBase.ToUriComponent()}";

    public string Of(string path, QueryString query = default) => $"{_base}{path}{query.ToUriComponent()}";
}
