using ContentApi.Changes;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Query;

/// <summary>
/// A test's own corner of the newsroom: a section no other test uses and a byline to sign its
/// articles, so a test can filter by <see cref="Section"/> and assert on exactly what it wrote.
/// </summary>
internal sealed class Desk
{
    /// <summary>An instant well before the factory clock's start, to back-date articles from.</summary>
    public static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private Desk(HttpClient client, string section, BylineResponse byline)
    {
        Client = client;
        Section = section;
        Byline = byline;
    }

    public HttpClient Client { get; }

    public string Section { get; }

    public BylineResponse Byline { get; }

    /// <summary>The section as it goes in a query string.</summary>
    public string SectionQuery => $"section={Uri.EscapeDataString(Section)}";

    public static async Task<Desk> OpenAsync(HttpClient client, string? bylineName = null) =>
        new(client, TestData.Unique("Section"), await client.CreateBylineAsync(bylineName ?? "Desk Writer"));

    /// <summary>A published article in this desk's section, signed by its byline, with nothing else attached.</summary>
    public ArticleRequest Article(string headline, DateTime? publishedAt = null) => new(
        Slug: TestData.Unique("q"),
        Headline: headline,
        Standfirst: null,
        Body: "Plain words in a plain paragraph.",
        Section: Section,
        Status: ArticleStatus.Published,
        PublishAt: publishedAt,
        Language: "en",
        CanonicalUrl: null,
        FeaturedImage: null,
        Syndication: new SyndicationDto(Allowed: true),
        Bylines: [new ArticleBylineRequest(Byline.Id)],
        TagIds: [],
        EntityIds: []);

    public Task<ArticleResponse> PublishAsync(string headline, DateTime? publishedAt = null) =>
        Client.CreateArticleAsync(Article(headline, publishedAt));

    public Task<ArticleResponse> CreateAsync(ArticleRequest request) => Client.CreateArticleAsync(request);

    /// <summary>GETs /v1/articles with this desk's section and the given query, expecting 200.</summary>
    public Task<ArticleList> ListAsync(string query = "", HttpClient? client = null) =>
        (client ?? Client).ListArticlesAsync($"/v1/articles?{SectionQuery}{(query.Length == 0 ? "" : "&" + query)}");
}

internal static class QueryTestHelpers
{
    /// <summary>
    /// Copies an article <paramref name="copies"/> times in raw SQL (slugs source-1, source-2, ...), each with a body and
    /// one tag, then reloads the catalog, which writes in raw SQL bypass, as a restart would. The column expressions
    /// are SQL over the source row and <c>i</c>, the copy's number, with quoted names (as "Headline") for PostgreSQL.
    /// </summary>
    public static async Task CopyInSqlAsync(
        this ContentApiFactory api, ArticleResponse source, int copies, string tagId,
        string headline = "\"Headline\"", string status = "\"Status\"", string publishAt = "\"PublishAt\"", string publishedAt = "\"PublishedAt\"")
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        // The column expressions are the test's own SQL; the values go in as parameters.
        var sql = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {"{0}"})
            INSERT INTO "Articles" ("Slug", "Headline", "Standfirst", "Section", "Status", "PublishAt", "PublishedAt",
                "CreatedAt", "UpdatedAt", "Language", "CanonicalUrl", "ImageUrl", "ImageAltText", "ImageCaption", "ImageCredit", "WordCount",
                "ReadingTimeMinutes", "SyndicationAllowed", "SyndicationLicence", "SyndicationExpiresAt", "Version", "Reach")
            SELECT "Slug" || '-' || i, {headline}, "Standfirst", "Section", {status}, {publishAt}, {publishedAt},
                "CreatedAt", "UpdatedAt", "Language", "CanonicalUrl", "ImageUrl", "ImageAltText", "ImageCaption", "ImageCredit", "WordCount",
                "ReadingTimeMinutes", "SyndicationAllowed", "SyndicationLicence", "SyndicationExpiresAt", "Version", 0
            FROM "Articles", n WHERE "Id" = {"{1}"};
            INSERT INTO "ArticleBodies" ("ArticleId", "Markdown", "Html", "Text")
            SELECT "Id", 'Copied.', '<p>Copied.</p>', 'Copied.' FROM "Articles" WHERE "Slug" LIKE {"{2}"};
            INSERT INTO "ArticleKeyTerms" ("ArticleId", "Terms")
            SELECT "Id", '' FROM "Articles" WHERE "Slug" LIKE {"{2}"};
            INSERT INTO "ArticleTags" ("ArticleId", "TagId", "Position")
            SELECT "Id", {"{3}"}, 0 FROM "Articles" WHERE "Slug" LIKE {"{2}"};
            """;
        await db.Database.ExecuteSqlRawAsync(
            sql, copies, int.Parse(source.Id, CultureInfo.InvariantCulture), source.Slug + "-%", int.Parse(tagId, CultureInfo.InvariantCulture));
        // Rows written behind the service's back have no documents: it renders them, then loads them, as at start-up.
        await scope.ServiceProvider.GetRequiredService<ContentWriter>().RenderStaleAsync(db, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ChangeFeedFollower>().LoadAsync(db, CancellationToken.None);
    }

    /// <summary>A word no other article contains, to search for.</summary>
    public static string UniqueWord(string stem = "zq") => stem + Guid.NewGuid().ToString("N")[..8];

    public static string Iso(DateTime time) => Uri.EscapeDataString(time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    public static async Task<ArticleList> ListArticlesAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadAsync<ArticleList>();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadAsync<JsonElement>();
    }

    /// <summary>Every item from <paramref name="url"/> on, following <c>next</c> until it is null.</summary>
    public static async Task<List<ArticleListItem>> WalkAsync(this HttpClient client, string url, int maxPages = 50)
    {
        var items = new List<ArticleListItem>();
        for (var (next, pages) = ((string?)url, 0); next is not null; pages++)
        {
            Assert.True(pages < maxPages, $"Paging from {url} did not end after {maxPages} pages.");
            var page = await client.ListArticlesAsync(next);
            Assert.Equal(page.Next is null, page.NextCursor is null);
            items.AddRange(page.Items);
            next = page.Next;
        }

        return items;
    }

    public static List<string> Ids(this IEnumerable<ArticleListItem> items) => [.. items.Select(i => i.Id)];

    public static List<string> Ids(this IEnumerable<ArticleResponse> articles) => [.. articles.Select(a => a.Id)];

    public static List<string> Headlines(this ArticleList page) => [.. page.Items.Select(i => i.Headline)];

    /// <summary>The facet as (value, count) pairs, in the order the API gave them.</summary>
    public static List<(string Value, int Count)> Counts(this IReadOnlyList<FacetCount>? facet)
    {
        Assert.NotNull(facet);
        return [.. facet.Select(f => (f.Value, f.Count))];
    }
}
