using ContentApi.Persistence;

namespace ContentApi.Telemetry;

/// <summary>
/// Full-text search with a span and a duration per call (operation: ranked, matching or snippets). Registered in
/// place of the database's own only when telemetry is on (see <see cref="TelemetrySetup"/>).
/// </summary>
public sealed class ObservedFullTextSearch(IFullTextSearch search) : IFullTextSearch
{
    public async Task<List<SearchHit>> RankedAsync(string match, TimeSpan budget, CancellationToken ct)
    {
        using var timed = ContentTelemetry.Time(ContentTelemetry.SearchDuration, "search ranked", "ranked");
        return await search.RankedAsync(match, budget, ct);
    }

    public async Task<List<int>> MatchingAsync(string match, TimeSpan budget, CancellationToken ct)
    {
        using var timed = ContentTelemetry.Time(ContentTelemetry.SearchDuration, "search matching", "matching");
        return await search.MatchingAsync(match, budget, ct);
    }

    public async Task<Dictionary<int, string>> SnippetsAsync(string match, IReadOnlyCollection<int> ids, TimeSpan budget, CancellationToken ct)
    {
        using var timed = ContentTelemetry.Time(ContentTelemetry.SearchDuration, "search snippets", "snippets");
        return await search.SnippetsAsync(match, ids, budget, ct);
    }

    public bool IsSyntaxError(Exception e) => search.IsSyntaxError(e);

    public bool IsOverBudget(Exception e) => search.IsOverBudget(e);
}

/// <summary>Reads of stored pages (an article's rendered JSON) timed as database commands (command=stored_page), with a span.</summary>
public sealed class ObservedStoredPages(IStoredPages pages) : IStoredPages
{
    public async ValueTask<StoredPage?> ReadAsync(int id, CancellationToken ct)
    {
        using var timed = ContentTelemetry.Time(ContentTelemetry.DatabaseDuration, "db stored_page", "stored_page");
        return await pages.ReadAsync(id, ct);
    }

    public async Task<Dictionary<int, StoredPage>> ReadAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        using var timed = ContentTelemetry.Time(ContentTelemetry.DatabaseDuration, "db stored_pages", "stored_page");
        timed.Activity?.SetTag("contentapi.articles", ids.Count);
        return await pages.ReadAsync(ids, ct);
    }
}

/// <summary>Rendering of article documents and reference fragments (at writes and loads), with a span each.</summary>
public sealed class ObservedRenderer(IRepresentationRenderer renderer) : IRepresentationRenderer
{
    public ArticleDocument Render(Article article, IReadOnlyList<ArticleRevision> corrections, int revision)
    {
        using var span = ContentTelemetry.Source.StartActivity("render article");
        span?.SetTag("contentapi.article.id", article.Id);
        return renderer.Render(article, corrections, revision);
    }

    public ReferenceFragment Render(Tag tag) => renderer.Render(tag);

    public ReferenceFragment Render(Byline byline) => renderer.Render(byline);

    public ReferenceFragment Render(NamedEntity entity) => renderer.Render(entity);
}
