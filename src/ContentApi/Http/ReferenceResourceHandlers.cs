using System.Text.Json.Nodes;
using FluentValidation;
using ContentApi.Articles;
using System.ComponentModel;
using Mapster;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;
using Microsoft.AspNetCore.WebUtilities;
using ContentApi.Access;
using ContentApi.Revisions;
using ContentApi.Trash;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Http;

/// <summary>A byline, tag or entity response that can say how many articles use it.</summary>
public interface ICountedResponse<out TSelf>
{
    TSelf WithArticleCount(int count);
}

/// <summary>The fields every byline, tag and entity request has.</summary>
public interface IReferenceRequest
{
    string? Slug { get; }
    string Name { get; }
}

/// <summary>
/// How one kind of reference resource (byline, tag, entity) is stored and used:
/// its display name, its table, and the article links that point at it.
/// </summary>
/// <param name="NamesWritten">
/// Called before saving a created resource or one whose names (SearchText) changed: it may add rows to the
/// same save, and returns the Link header value to send once saved (entities queue an extraction job).
/// </param>
/// <param name="DeleteBlockers">The links that keep a resource from being deleted, when not all of Links do.</param>
/// <param name="ReservedSlugs">Slugs a resource of this kind may not have (paths beside its own); a made slug skips them.</param>
/// <param name="DetachAsync">
/// Removes (tracked, so the delete's save removes them) the links that do not block deleting the resource,
/// and returns the articles they were on.
/// </param>
public sealed record ReferenceKind<TEntity>(
    string Name,
    string Route,
    Func<ContentDb, DbSet<TEntity>> Table,
    Func<ContentDb, IQueryable<ArticleLink>> Links,
    Func<ArticleListQuery, string, ArticleListQuery> ArticlesFilter,
    Func<ContentDb, TEntity, DateTime, Func<string>>? NamesWritten = null,
    Func<ContentDb, IQueryable<ArticleLink>>? DeleteBlockers = null,
    Func<ContentDb, int, CancellationToken, Task<List<int>>>? DetachAsync = null,
    IReadOnlyCollection<string>? ReservedSlugs = null)
    where TEntity : class, IReferenceResource
{
    public IQueryable<int> ArticlesUsing(ContentDb db, int id) => Links(db).Where(l => l.ResourceId == id).Select(l => l.ArticleId);
}

/// <summary>The query string of a byline, tag or entity list.</summary>
public sealed record ReferenceListQuery(
    [FromQuery(Name = "sort")][property: Description("newest (default), name, or articles: most published articles first")] string? Sort = null,
    [FromQuery(Name = "counts")][property: Description("Give each item its articleCount: how many articles the caller may see use it")] bool Counts = false,
    [FromQuery(Name = "cursor")][property: Description("Opaque cursor from the previous page's nextCursor")] string? Cursor = null,
    [FromQuery(Name = "limit")][property: Description("Page size, 1-100"), DefaultValue(20)] int Limit = 20)
{
    public static readonly string[] Sorts = ["newest", "name", "articles"];

    public string EffectiveSort => Sort ?? "newest";

    /// <summary>Where the page starts: a position in the sorted list, carried by the cursor.</summary>
    public int Offset => Cursors.TryDecode(Cursor, out var offset) ? offset : 0;
}

public sealed class ReferenceListQueryValidator : AbstractValidator<ReferenceListQuery>
{
    public ReferenceListQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PageQuery.MaxLimit);
        RuleFor(q => q.Sort).Must(s => s is null || ReferenceListQuery.Sorts.Contains(s))
            .WithMessage($"'sort' must be one of: {string.Join(", ", ReferenceListQuery.Sorts)}.");
        RuleFor(q => q.Cursor).MustBeIssuedCursor();
    }
}

/// <summary>
/// Handlers for listing, getting, creating, replacing, patching and deleting a reference resource.
/// Deleting one that articles still use is refused with 409 and the number of articles; an unused one goes to the trash.
/// Each feature maps them onto its own routes (TagEndpoints, BylineEndpoints, EntityEndpoints).
/// </summary>
public sealed class ReferenceResourceHandlers<TEntity, TRequest, TResponse>(ReferenceKind<TEntity> kind)
    where TEntity : class, IReferenceResource, new()
    where TRequest : class, IReferenceRequest
    where TResponse : class
{
    /// <summary>
    /// A page in the asked order; with counts (or sort=articles), each item says how many articles the
    /// caller may see use it. Pages continue from a position, so a list sorted by a changing count
    /// may shift between pages.
    /// </summary>
    public async Task<Ok<Page<TResponse>>> List(
        [AsParameters] ReferenceListQuery query, ArticleVisibility visibility, HttpRequest http, ContentDb db, CancellationToken ct)
    {
        var table = kind.Table(db).AsNoTracking();
        var visible = db.Articles.Where(visibility.Rule).Select(a => a.Id);
        var uses = kind.Links(db).Where(l => visible.Contains(l.ArticleId));
        List<TEntity> rows;
        Dictionary<int, int>? counts = null;
        if (query.EffectiveSort == "articles")
        {
            counts = await uses.GroupBy(l => l.ResourceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(c => c.Key, c => c.Count, ct);
            var order = await table.Select(e => e.Id).ToListAsync(ct);
            var pageIds = order.OrderByDescending(id => counts.GetValueOrDefault(id)).ThenBy(id => id)
                .Skip(query.Offset).Take(query.Limit + 1).ToList();
            var byId = await table.Where(e => pageIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
            rows = [.. pageIds.Select(id => byId[id])];
        }
        else
        {
            var sorted = query.EffectiveSort == "name" ? table.OrderBy(e => e.Name).ThenBy(e => e.Id) : table.OrderByDescending(e => e.Id);
            rows = await sorted.Skip(query.Offset).Take(query.Limit + 1).ToListAsync(ct);
        }

        if (query.Counts && counts is null)
        {
            var ids = rows.Select(r => r.Id).ToList();
            counts = await uses.Where(l => ids.Contains(l.ResourceId)).GroupBy(l => l.ResourceId)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(c => c.Key, c => c.Count, ct);
        }

        var more = rows.Count > query.Limit;
        var items = rows.Take(query.Limit).Select(e => WithCount(e.Adapt<TResponse>(), counts?.GetValueOrDefault(e.Id))).ToList();
        var next = more ? Cursors.Encode((query.Offset + query.Limit).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new Page<TResponse>(items, query.Limit, next, next is null ? null : NextLinks.For(http, next)));
    }

    /// <summary>The articles that use this byline, tag or entity: GET /v1/articles with that filter.</summary>
    public async Task<Results<Ok<ArticleList>, ValidationProblem, ProblemHttpResult>> Articles(
        string idOrSlug, [AsParameters] ArticleListQuery query, ArticleVisibility visibility, HttpRequest http, ContentDb db, ArticleCatalog catalog, CancellationToken ct)
    {
        var id = await kind.Table(db).WhereKey(idOrSlug).Select(e => (int?)e.Id).SingleOrDefaultAsync(ct);
        if (id is null)
        {
            return Problems.NotFound(kind.Name, idOrSlug);
        }

        var filtered = kind.ArticlesFilter(query, id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (await ArticleLists.ListAsync(filtered, visibility, http, db, catalog, ct)).Result switch
        {
            Ok<ArticleList> ok => ok,
            ValidationProblem invalid => invalid,
            var other => throw new InvalidOperationException($"Unexpected list result {other}"),
        };
    }

    private static TResponse WithCount(TResponse response, int? count) =>
        count is { } n && response is ICountedResponse<TResponse> counted ? counted.WithArticleCount(n) : response;

    public async Task<Results<Ok<TResponse>, ProblemHttpResult>> Get(string idOrSlug, ContentDb db, CancellationToken ct)
    {
        var entity = await kind.Table(db).AsNoTracking().WhereKey(idOrSlug).SingleOrDefaultAsync(ct);
        return entity is null ? Problems.NotFound(kind.Name, idOrSlug) : TypedResults.Ok(entity.Adapt<TResponse>());
    }

    public async Task<Results<Created<TResponse>, ProblemHttpResult>> Create(
        TRequest request, HttpResponse http, ContentDb db, TimeProvider clock, CancellationToken ct)
    {
        var entity = new TEntity { CreatedAt = clock.UtcNow() };
        if (await ApplyAsync(entity, request, db, clock, ct) is { } problem)
        {
            return problem;
        }

        kind.Table(db).Add(entity);
        var link = kind.NamesWritten?.Invoke(db, entity, clock.UtcNow());
        await db.SaveChangesAsync(ct);
        AddLink(http, link);
        return TypedResults.Created($"/v1/{kind.Route}/{IdOf(entity)}", entity.Adapt<TResponse>());
    }

    public async Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>> Replace(
        string idOrSlug, TRequest request, HttpRequest http, ContentDb db, ETags etags, TimeProvider clock, CancellationToken ct)
    {
        var entity = await kind.Table(db).WhereKey(idOrSlug).SingleOrDefaultAsync(ct);
        return entity is null
            ? Problems.NotFound(kind.Name, idOrSlug)
            : await UpdateAsync(entity, request, http, db, etags, clock, ct);
    }

    public async Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>> Patch(
        string idOrSlug, JsonObject patch, HttpRequest http, ContentDb db, ETags etags, IValidator<TRequest> validator,
        IOptions<JsonOptions> json, TimeProvider clock, CancellationToken ct)
    {
        var entity = await kind.Table(db).WhereKey(idOrSlug).SingleOrDefaultAsync(ct);
        if (entity is null)
        {
            return Problems.NotFound(kind.Name, idOrSlug);
        }

        var (request, invalid) = JsonMergePatch.Apply(entity.Adapt<TRequest>(), patch, json.Value.SerializerOptions);
        if ((invalid ?? await ValidationFilter.Validate(validator, request!, ct)) is { } problem)
        {
            return problem;
        }

        return await UpdateAsync(entity, request!, http, db, etags, clock, ct);
    }

    public async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string idOrSlug, HttpRequest http, ContentDb db, ETags etags, TimeProvider clock, CancellationToken ct)
    {
        var entity = await kind.Table(db).WhereKey(idOrSlug).SingleOrDefaultAsync(ct);
        if (entity is null)
        {
            return Problems.NotFound(kind.Name, idOrSlug);
        }

        if (etags.PreconditionFailed(http, entity.Adapt<TResponse>()) is { } stale)
        {
            return stale;
        }

        var uses = await (kind.DeleteBlockers ?? kind.Links)(db).CountAsync(l => l.ResourceId == entity.Id, ct);
        if (uses > 0)
        {
            return Problems.InUse(kind.Name, entity.Slug, uses);
        }

        var detached = kind.DetachAsync is null ? [] : await kind.DetachAsync(db, entity.Id, ct);
        kind.Table(db).Remove(entity);
        db.Trash.Add(TrashItems.ForReference<TEntity, TRequest>(entity, Author.Of(http.HttpContext.User), clock.UtcNow()));
        await db.SaveWithIndexAsync(_ => Task.FromResult(detached), ct);
        return TypedResults.NoContent();
    }

    private async Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        TEntity entity, TRequest request, HttpRequest http, ContentDb db, ETags etags, TimeProvider clock, CancellationToken ct)
    {
        if (etags.PreconditionFailed(http, entity.Adapt<TResponse>()) is { } stale)
        {
            return stale;
        }

        var searchedBefore = entity.SearchText;
        if (await ApplyAsync(entity, request, db, clock, ct) is { } problem)
        {
            return problem;
        }

        var renamed = entity.SearchText != searchedBefore;
        var link = renamed ? kind.NamesWritten?.Invoke(db, entity, clock.UtcNow()) : null;
        // Articles are found by the names of their tags, bylines and entities: renaming one reindexes them.
        await db.SaveWithIndexAsync(
            token => renamed ? kind.ArticlesUsing(db, entity.Id).ToListAsync(token) : Task.FromResult<List<int>>([]),
            ct);
        AddLink(http.HttpContext.Response, link);
        return TypedResults.Ok(entity.Adapt<TResponse>());
    }

    private async Task<ProblemHttpResult?> ApplyAsync(TEntity entity, TRequest request, ContentDb db, TimeProvider clock, CancellationToken ct)
    {
        var others = kind.Table(db).Where(e => e.Id != entity.Id).Select(e => e.Slug);
        var current = entity.Id == 0 ? null : entity.Slug;
        var (slug, problem) = await SlugChoice.ChooseAsync(kind.Name, request.Slug, current, request.Name, others, ct, kind.ReservedSlugs);
        if (problem is not null)
        {
            return problem;
        }

        request.Adapt(entity);
        entity.Slug = slug;
        entity.UpdatedAt = clock.UtcNow();
        entity.Version++;
        return null;
    }

    private static void AddLink(HttpResponse http, Func<string>? link)
    {
        if (link is not null)
        {
            http.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.Link, link());
        }
    }

    private static string IdOf(TEntity entity) => entity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public static class EndpointConventions
{
    /// <summary>The problems every write to an existing resource can meet.</summary>
    public static RouteHandlerBuilder ProducesWriteProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
