using System.Text.Json.Nodes;
using FluentValidation;
using ContentApi.Articles;
using Mapster;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Http;

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
public sealed record ReferenceKind<TEntity>(
    string Name,
    string Route,
    Func<ContentDb, DbSet<TEntity>> Table,
    Func<ContentDb, int, IQueryable<int>> ArticlesUsing)
    where TEntity : class, IReferenceResource;

/// <summary>
/// Handlers for listing, getting, creating, replacing, patching and deleting a reference resource.
/// Deleting one that articles still use is refused with 409 and the number of articles.
/// Each feature maps them onto its own routes (TagEndpoints, BylineEndpoints, EntityEndpoints).
/// </summary>
public sealed class ReferenceResourceHandlers<TEntity, TRequest, TResponse>(ReferenceKind<TEntity> kind)
    where TEntity : class, IReferenceResource, new()
    where TRequest : class, IReferenceRequest
    where TResponse : class
{
    public async Task<Ok<Page<TResponse>>> List([AsParameters] PageQuery page, HttpRequest http, ContentDb db, CancellationToken ct)
    {
        var query = kind.Table(db).AsNoTracking();
        if (page.After is { } after)
        {
            query = query.Where(e => e.Id < after);
        }

        var rows = await query.OrderByDescending(e => e.Id).Take(page.Limit + 1).ToListAsync(ct);
        return TypedResults.Ok(page.ToPage(rows, IdOf, http).Select(e => e.Adapt<TResponse>()));
    }

    public async Task<Results<Ok<TResponse>, ProblemHttpResult>> Get(string idOrSlug, ContentDb db, CancellationToken ct)
    {
        var entity = await kind.Table(db).AsNoTracking().WhereKey(idOrSlug).SingleOrDefaultAsync(ct);
        return entity is null ? Problems.NotFound(kind.Name, idOrSlug) : TypedResults.Ok(entity.Adapt<TResponse>());
    }

    public async Task<Results<Created<TResponse>, ProblemHttpResult>> Create(
        TRequest request, ContentDb db, TimeProvider clock, CancellationToken ct)
    {
        var entity = new TEntity { CreatedAt = clock.UtcNow() };
        if (await ApplyAsync(entity, request, db, clock, ct) is { } problem)
        {
            return problem;
        }

        kind.Table(db).Add(entity);
        await db.SaveChangesAsync(ct);
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
        string idOrSlug, HttpRequest http, ContentDb db, ETags etags, CancellationToken ct)
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

        var uses = await kind.ArticlesUsing(db, entity.Id).CountAsync(ct);
        if (uses > 0)
        {
            return Problems.InUse(kind.Name, entity.Slug, uses);
        }

        kind.Table(db).Remove(entity);
        await db.SaveChangesAsync(ct);
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

        // Articles are found by the names of their tags, bylines and entities: renaming one reindexes them.
        await db.SaveWithIndexAsync(
            token => entity.SearchText == searchedBefore ? Task.FromResult<List<int>>([]) : kind.ArticlesUsing(db, entity.Id).ToListAsync(token),
            ct);
        return TypedResults.Ok(entity.Adapt<TResponse>());
    }

    private async Task<ProblemHttpResult?> ApplyAsync(TEntity entity, TRequest request, ContentDb db, TimeProvider clock, CancellationToken ct)
    {
        var others = kind.Table(db).Where(e => e.Id != entity.Id).Select(e => e.Slug);
        var current = entity.Id == 0 ? null : entity.Slug;
        var (slug, problem) = await SlugChoice.ChooseAsync(kind.Name, request.Slug, current, request.Name, others, ct);
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
