using System.Globalization;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Feeds;

/// <summary>
/// Makes a feed from a list query's first page (see <see cref="ArticleLists.FindAsync"/>): the same articles, in the
/// same order, under the same visibility rule as GET /v1/articles with sort=newest.
/// </summary>
internal static class ArticleFeeds
{
    /// <summary>Who gets each article's full body: partners, who republish it, and editors. Readers get summaries.</summary>
    public static bool GetsFullContent(Caller caller) => caller.Role is ApiRole.Partner or ApiRole.Editor or ApiRole.Admin;

    /// <summary>The feed of a list's first page, noting the surrogate keys of what it shows (the list's, and the names in its title).</summary>
    public static async Task<Feed> BuildAsync(
        FoundArticles found, FeedQuery query, HttpContext http, bool fullContent, FeedOptions options, ContentDb db, ContentReadModel model, CancellationToken ct)
    {
        var request = http.Request;
        var addresses = new FeedAddresses(request, options);
        var ids = found.Items.Select(p => p.Id).ToList();
        var rows = await db.Articles.AsNoTracking().AsSplitQuery().Where(a => ids.Contains(a.Id))
            .Select(a => new EntryRow(
                a.Id, a.Slug, a.Headline, a.Standfirst, a.Section, a.Language, a.CanonicalUrl, a.PublishedAt, a.UpdatedAt, a.EmbargoUntil,
                fullContent ? a.Body.Html : null,
                a.Standfirst == null ? a.Body.Text.Substring(0, 2 * FeedText.SummaryLength) : null,
                a.Bylines.OrderBy(l => l.Position).Select(l => l.Byline.Name).ToList(),
                a.Tags.OrderBy(l => l.Position).Select(l => l.Tag.Name).ToList()))
            .ToDictionaryAsync(r => r.Id, ct);
        var entries = ids.Where(rows.ContainsKey).Select(id => Entry(rows[id], addresses)).ToList();
        var (title, description) = await DescribeAsync(found.Filter, query, db, ct);
        var sources = http.AnswerSources();
        sources.Keys.UnionWith(found.SetKeys);
        model.Read(view =>
        {
            sources.ValidUntil = view.NextReachChange;
            foreach (var id in ids.Where(rows.ContainsKey))
            {
                sources.Keys.Add(SurrogateKeys.Article(id));
                if (view.Find(id) is { } facts)
                {
                    sources.Keys.UnionWith(facts.TagIds.Select(tag => SurrogateKeys.Of(Related.FeatureKind.Tag, tag)));
                    sources.Keys.UnionWith(facts.BylineIds.Select(byline => SurrogateKeys.Of(Related.FeatureKind.Byline, byline)));
                }
            }

            sources.Keys.UnionWith(found.Filter.Links.Select(l => SurrogateKeys.Of(l.Kind, l.Id)));
            return 0;
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

    private static FeedEntry Entry(EntryRow row, FeedAddresses addresses) => new(
        addresses.Of($"/v1/articles/{row.Id.ToString(CultureInfo.InvariantCulture)}"),
        row.CanonicalUrl ?? addresses.Of($"/v1/articles/{Uri.EscapeDataString(row.Slug)}"),
        FeedText.Clean(row.Headline),
        FeedText.Clean(row.Standfirst ?? FeedText.Excerpt(row.TextStart ?? "")),
        row.Html is null ? null : FeedText.Clean(row.Html),
        row.PublishedAt,
        row.UpdatedAt,
        row.Language,
        row.EmbargoUntil,
        [.. row.Bylines.Select(FeedText.Clean)],
        [.. new[] { row.Section }.Concat(row.Tags).Select(FeedText.Clean).Distinct(StringComparer.Ordinal)]);

    /// <summary>
    /// The feed's title after the publication's name (what it is filtered by, by name: "World / Sahel / Amara Keita", or
    /// "Latest"), and a sentence saying everything it is filtered by. Unknown slugs are shown as given.
    /// </summary>
    private static async Task<(string Title, string Description)> DescribeAsync(ArticleFilter filter, FeedQuery query, ContentDb db, CancellationToken ct)
    {
        var list = query.ToListQuery();
        var tags = await NamesAsync(db.Tags, filter.TagGroups, list.TagKeys, query.TagMatch == "all" ? " and " : " or ", ct);
        var byline = await NamesAsync(db.Bylines, filter.BylineGroups, query.Byline is null ? [] : [query.Byline], "", ct);
        var entity = await NamesAsync(db.Entities, filter.EntityGroups, query.Entity is null ? [] : [query.Entity], "", ct);
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

    private static async Task<string?> NamesAsync<T>(
        IQueryable<T> table, IReadOnlyList<int[]> groups, IReadOnlyList<string> keys, string conjunction, CancellationToken ct)
        where T : class, IReferenceResource
    {
        if (keys.Count == 0)
        {
            return null;
        }

        var ids = groups.SelectMany(g => g).ToList();
        var names = await table.Where(e => ids.Contains(e.Id)).Select(e => e.Name).ToListAsync(ct);
        return string.Join(conjunction, names.Count > 0 ? names.Order(StringComparer.Ordinal) : keys);
    }

    private sealed record EntryRow(
        int Id, string Slug, string Headline, string? Standfirst, string Section, string Language, string? CanonicalUrl,
        DateTime? PublishedAt, DateTime UpdatedAt, DateTime? EmbargoUntil, string? Html, string? TextStart, List<string> Bylines, List<string> Tags);
}

/// <summary>Absolute addresses for a feed: under Feeds:BaseUrl when set, else under the request's own scheme and host.</summary>
internal sealed class FeedAddresses(HttpRequest request, FeedOptions options)
{
    private readonly string _base = options.BaseUrl?.TrimEnd('/')
        ?? $"{request.Scheme}://{(request.Host.HasValue ? request.Host.ToUriComponent() : "localhost")}{request.PathBase.ToUriComponent()}";

    public string Of(string path, QueryString query = default) => $"{_base}{path}{query.ToUriComponent()}";
}
