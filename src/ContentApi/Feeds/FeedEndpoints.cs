using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.ReadModel;
using Microsoft.Extensions.Options;

namespace ContentApi.Feeds;

/// <summary>
/// GET /v1/feeds/articles.atom, .rss and .json: the newest articles matching any list query, as feeds that readers
/// poll. Caching and conditional GET are the API's (ETagFilter), over the bytes of the feed.
/// </summary>
public static class FeedEndpoints
{
    public static IServiceCollection AddFeeds(this IServiceCollection services)
    {
        services.AddOptions<FeedOptions>().BindConfiguration("Feeds")
            .Validate(o => o.IsValid(), "Feeds:Title must be 1-200 characters and Feeds:BaseUrl an absolute http(s) URL without query or fragment")
            .ValidateOnStart();
        return services;
    }

    public static RouteGroupBuilder MapFeeds(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/feeds").WithTags("Feeds");

        group.MapGet("/articles.atom", GetAtomFeed).WithName("GetAtomFeed")
            .WithSummary("The newest articles matching the list's filters, as an Atom 1.0 feed")
            .Produces<string>(StatusCodes.Status200OK, FeedFormats.AtomMediaType).ForReaders();
        group.MapGet("/articles.rss", GetRssFeed).WithName("GetRssFeed")
            .WithSummary("The newest articles matching the list's filters, as an RSS 2.0 feed")
            .Produces<string>(StatusCodes.Status200OK, FeedFormats.RssMediaType).ForReaders();
        group.MapGet("/articles.json", GetJsonFeed).WithName("GetJsonFeed")
            .WithSummary("The newest articles matching the list's filters, as a JSON Feed 1.1")
            .Produces<JsonFeed>(StatusCodes.Status200OK, FeedFormats.JsonMediaType).ForReaders();
        return group;
    }

    private static Task<Results<EncodedRepresentation, ValidationProblem>> GetAtomFeed(
        [AsParameters] FeedQuery query, ArticleVisibility visibility, HttpContext http, ContentDb db, ContentReadModel model, IOptions<FeedOptions> options,
        CancellationToken ct) =>
        ServeAsync(FeedFormats.Atom, query, visibility, http, db, model, options.Value, ct);

    private static Task<Results<EncodedRepresentation, ValidationProblem>> GetRssFeed(
        [AsParameters] FeedQuery query, ArticleVisibility visibility, HttpContext http, ContentDb db, ContentReadModel model, IOptions<FeedOptions> options,
        CancellationToken ct) =>
        ServeAsync(FeedFormats.Rss, query, visibility, http, db, model, options.Value, ct);

    private static Task<Results<EncodedRepresentation, ValidationProblem>> GetJsonFeed(
        [AsParameters] FeedQuery query, ArticleVisibility visibility, HttpContext http, ContentDb db, ContentReadModel model, IOptions<FeedOptions> options,
        CancellationToken ct) =>
        ServeAsync(FeedFormats.Json, query, visibility, http, db, model, options.Value, ct);

    private static async Task<Results<EncodedRepresentation, ValidationProblem>> ServeAsync(
        FeedFormat format, FeedQuery query, ArticleVisibility visibility, HttpContext http, ContentDb db, ContentReadModel model, FeedOptions options,
        CancellationToken ct)
    {
        var (found, problem) = await ArticleLists.FindAsync(
            query.ToListQuery(), visibility, http.RequestServices.GetRequiredService<Persistence.IFullTextSearch>(), model,
            http.RequestServices.GetRequiredService<IOptions<SearchOptions>>().Value, ct);
        if (problem is not null)
        {
            return problem;
        }

        var fullContent = ArticleFeeds.GetsFullContent(Caller.From(http.User));
        var feed = await ArticleFeeds.BuildAsync(found!, query, http, fullContent, options, model, http.RequestServices.GetRequiredService<IStoredPages>(), ct);
        return new EncodedRepresentation(format.Write(feed), format.ContentType);
    }
}
