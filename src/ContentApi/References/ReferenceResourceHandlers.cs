using System.Text.Json.Nodes;
using FluentValidation;
using ContentApi.Articles;
using System.ComponentModel;
using Mapster;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;
using Microsoft.AspNetCore.WebUtilities;
using ContentApi.Access;
using ContentApi.Changes;
using ContentApi.ReadModel;
using ContentApi.Related;
using ContentApi.Revisions;
using ContentApi.Trash;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.References;

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
    FeatureKind Feature,
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
    public JsonAnswer<Page<TResponse>> List([AsParameters] ReferenceListQuery query, ArticleVisibility visibility, HttpContext http, ContentReadModel model)
    {
        var sources = http.AnswerSources();
        var withCounts = query.Counts || query.EffectiveSort == "articles";
        var output = new PooledBuffer(8192);
        model.Read(view =>
        {
            var table = view.References(kind.Feature);
            var counts = withCounts ? table.All.ToDictionary(r => r.Id, r => view.CountVisible(visibility, (kind.Feature, r.Id))) : null;
            var sorted = query.EffectiveSort switch
            {
                "articles" => table.All.OrderByDescending(r => counts![r.Id]).ThenBy(r => r.Id),
                "name" => table.All.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id),
                _ => table.All.OrderByDescending(r => r.Id),
            };
            var rows = sorted.Skip(query.Offset).Take(query.Limit + 1).ToList();
            var more = rows.Count > query.Limit;
            rows = rows.Take(query.Limit).ToList();

            // What the page shows, and (with counts) which articles it counts: those of all of them when sorted by count.
            sources.ValidUntil = view.NextReachChange;
            sources.Keys.Add(SurrogateKeys.All(kind.Feature));
            sources.Keys.UnionWith(rows.Select(r => SurrogateKeys.Of(kind.Feature, r.Id)));
            if (query.EffectiveSort == "articles")
            {
                sources.Keys.Add(SurrogateKeys.Articles);
            }
            else if (query.Counts)
            {
                sources.Keys.UnionWith(rows.Select(r => SurrogateKeys.ArticlesWith(kind.Feature, r.Id)));
            }

            var next = more ? Cursors.Encode((query.Offset + query.Limit).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
            using var writer = new System.Text.Json.Utf8JsonWriter(output, new System.Text.Json.JsonWriterOptions { SkipValidation = true });
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var row in rows)
            {
                // A fragment is its response as a JSON object: a count goes in before its closing brace.
                writer.WriteRawValue(counts is null ? row.Json : [.. row.Json.AsSpan(0, row.Json.Length - 1), .. CountOf(counts[row.Id])], skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteNumber("limit", query.Limit);
            writer.WriteString("nextCursor", next);
            writer.WriteString("next", next is null ? null : NextLinks.For(http.Request, next));
            writer.WriteEndObject();
            return 0;
        });
        return new JsonAnswer<Page<TResponse>>(output);
    }

    private static byte[] CountOf(int count) => System.Text.Encoding.UTF8.GetBytes($",\"articleCount\":{count.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}");

    /// <summary>The articles that use this byline, tag or entity: GET /v1/articles with that filter.</summary>
    public async Task<Results<JsonAnswer<ArticleList>, ValidationProblem, ProblemHttpResult>> Articles(
        string idOrSlug, [AsParameters] ArticleListQuery query, ArticleVisibility visibility, HttpContext http, ContentReadModel model,
        ArticleJson json, CancellationToken ct)
    {
        if (model.Read(view => view.References(kind.Feature).Find(idOrSlug)) is not { } resource)
        {
            return Problems.NotFound(kind.Name, idOrSlug);
        }

        var filtered = kind.ArticlesFilter(query, resource.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (await ArticleLists.ListAsync(filtered, visibility, http, model, json, ct)).Result switch
        {
            JsonAnswer<ArticleList> ok => ok,
            ValidationProblem invalid => invalid,
            var other => throw new InvalidOperationException($"Unexpected list result {other}"),
        };
    }

    /// <summary>The resource as rendered when it was written (its fragment), from the read model.</summary>
    public Results<JsonAnswer<TResponse>, ProblemHttpResult> Get(string idOrSlug, HttpContext http, ContentReadModel model)
    {
        if (model.Read(view => view.References(kind.Feature).Find(idOrSlug)) is not { } fragment)
        {
            return Problems.NotFound(kind.Name, idOrSlug);
        }

        var sources = http.AnswerSources();
        sources.Keys.Add(SurrogateKeys.Of(kind.Feature, fragment.Id));
        sources.LastModified = fragment.UpdatedAt;
        return new JsonAnswer<TResponse>(fragment.Json);
    }

    public async Task<Results<Created<TResponse>, ProblemHttpResult>> Create(
        TRequest request, HttpResponse http, ContentDb db, ContentWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var entity = new TEntity { CreatedAt = clock.UtcNow() };
        if (await ApplyAsync(entity, request, db, clock, ct) is { } problem)
        {
            return problem;
        }

        kind.Table(db).Add(entity);
        var link = kind.NamesWritten?.Invoke(db, entity, clock.UtcNow());
        await writer.SaveAsync(db, ct);
        AddLink(http, link);
        return TypedResults.Created($"/v1/{kind.Route}/{IdOf(entity)}", entity.Adapt<TResponse>());
    }

    public async Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>> Replace(
        string idOrSlug, TRequest request, HttpRequest http, ContentDb db, ContentWriter writer, ETags etags, TimeProvider clock, CancellationToken ct)
    {
        var entity = await kind.Table(db).WhereKey(idOrSlug).SingleOrDefaultAsync(ct);
        return entity is null
            ? Problems.NotFound(kind.Name, idOrSlug)
            : await UpdateAsync(entity, request, http, db, writer, etags, clock, ct);
    }

    public async Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>> Patch(
        string idOrSlug, JsonObject patch, HttpRequest http, ContentDb db, ContentWriter writer, ETags etags, IValidator<TRequest> validator,
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

        return await UpdateAsync(entity, request!, http, db, writer, etags, clock, ct);
    }

    public async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string idOrSlug, HttpRequest http, ContentDb db, ContentWriter writer, ETags etags, TimeProvider clock, CancellationToken ct)
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

        if (kind.DetachAsync is not null)
        {
            await kind.DetachAsync(db, entity.Id, ct);
        }

        kind.Table(db).Remove(entity);
        db.Trash.Add(TrashItems.ForReference<TEntity, TRequest>(entity, Author.Of(http.HttpContext.User), clock.UtcNow()));
        await writer.SaveAsync(db, ct);
        return TypedResults.NoContent();
    }

    private async Task<Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        TEntity entity, TRequest request, HttpRequest http, ContentDb db, ContentWriter writer, ETags etags, TimeProvider clock, CancellationToken ct)
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
        // Articles are found by the names of their tags, bylines and entities: the writer reindexes them on a rename.
        await writer.SaveAsync(db, ct);
        AddLink(http.HttpContext.Response, link);
        return TypedResults.Ok(entity.Adapt<TResponse>());
    }

    private async Task<ProblemHttpResult?> ApplyAsync(TEntity entity, TRequest request, ContentDb db, TimeProvider clock, CancellationToken ct)
    {
        IQueryable<string> Others() => kind.Table(db).Where(e => e.Id != entity.Id).Select(e => e.Slug);
        var current = entity.Id == 0 ? null : entity.Slug;
        var (slug, problem) = await SlugChoice.ChooseAsync(kind.Name, request.Slug, current, request.Name, Others, ct, kind.ReservedSlugs);
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
