using ContentApi.Access;
using ContentApi.OpenApi;
using ContentApi.References;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Entities;

public static class EntityEndpoints
{
    /// <summary>
    /// Paths under /v1/entities that name no entity: no entity may have these slugs, and {idOrSlug} never matches them,
    /// so a method /v1/entities/candidates does not have is a 405, not a write to an entity called "candidates".
    /// </summary>
    internal static readonly string[] ReservedSlugs = ["candidates", "extraction-jobs"];

    /// <summary>
    /// Entities queue an extraction job whenever they are created or their names change. Only editor picks
    /// keep one from being deleted: the links extraction made are removed with it.
    /// </summary>
    internal static readonly ReferenceKind<NamedEntity> Kind = new(
        "Entity", "entities", Related.FeatureKind.Entity, db => db.Entities,
        db => db.EntityLinks,
        (q, id) => q with { Entity = id },
        NamesWritten: ExtractionJobs.QueueFor,
        DeleteBlockers: db => db.ArticleEntities.Where(l => l.Origin == EntityOrigin.Editor)
            .Select(l => new ArticleLink { ResourceId = l.EntityId, ArticleId = l.ArticleId }),
        DetachAsync: DetachExtractedAsync,
        ReservedSlugs: ReservedSlugs);

    /// <summary>The route constraint of an entity's {idOrSlug}: anything but the reserved slugs.</summary>
    public static IServiceCollection AddEntityRoutes(this IServiceCollection services) =>
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<EntityKeyConstraint>(EntityKeyConstraint.Name));

    public static RouteGroupBuilder MapEntities(this IEndpointRouteBuilder routes)
    {
        var entities = new ReferenceResourceHandlers<NamedEntity, EntityRequest, EntityResponse>(Kind);
        var group = routes.MapGroup("/entities").WithTags("Entities");

        group.MapGet("/", entities.List).WithName("ListEntities").WithSummary("List named entities (people, organisations, places, events): newest first, by name, or by number of articles").ForReaders();
        group.MapGet("/{idOrSlug:entity}", entities.Get).WithName("GetEntity").WithSummary("Get an entity by id or slug")
            .ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        group.MapGet("/{idOrSlug:entity}/articles", entities.Articles).WithName("ListEntityArticles")
            .WithSummary("List the articles of an entity, with every filter, sort and option of GET /v1/articles")
            .ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        group.MapPost("/", entities.Create).WithName("CreateEntity").WithSummary("Create an entity")
            .WithExtractionLink().ProducesProblem(StatusCodes.Status409Conflict).ForEditors();
        group.MapPut("/{idOrSlug:entity}", entities.Replace).WithName("ReplaceEntity").WithSummary("Replace an entity")
            .WithExtractionLink().ProducesWriteProblems().ForEditors();
        group.MapPatch("/{idOrSlug:entity}", entities.Patch).WithName("PatchEntity").WithSummary("Change some fields of an entity (JSON Merge Patch)")
            .Accepts<EntityRequest>(JsonMergePatch.MediaType).WithExtractionLink().ProducesWriteProblems().ForEditors();
        group.MapDelete("/{idOrSlug:entity}", entities.Delete).WithName("DeleteEntity")
            .WithSummary("Delete an entity that no editor chose for an article (it is removed from the articles it was only found in)")
            .ProducesWriteProblems().ForEditors();
        routes.MapEntityCandidates();
        routes.MapExtractionJobs();
        return group;
    }

    /// <summary>
    /// Documents the Link header (rel="extraction") that a write answers with when it queued an extraction job.
    /// </summary>
    internal static RouteHandlerBuilder WithExtractionLink(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new ResponseLinkHeader(
            $"When the write created the entity or changed its name or aliases: <{ExtractionJobs.PathOf(12)}>; rel=\"{ExtractionJobs.LinkRel}\", "
            + "the background job that updates the articles that mention it (GET it for its status and counts)."));

    private static async Task<List<int>> DetachExtractedAsync(ContentDb db, int entityId, CancellationToken ct)
    {
        var extracted = await db.ArticleEntities.Where(l => l.EntityId == entityId && l.Origin == EntityOrigin.Extracted).ToListAsync(ct);
        db.ArticleEntities.RemoveRange(extracted);
        return [.. extracted.Select(l => l.ArticleId)];
    }
}

/// <summary>
/// {idOrSlug:entity}: an entity's id or slug, never one of <see cref="EntityEndpoints.ReservedSlugs"/>. Routing asks it
/// about literal path segments while it builds its table, so /v1/entities/candidates leads to the candidates' operations
/// alone, and a method they do not have is a 405 there.
/// </summary>
public sealed class EntityKeyConstraint : IRouteConstraint, Microsoft.AspNetCore.Routing.Matching.IParameterLiteralNodeMatchingPolicy
{
    public const string Name = "entity";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && value is string key && MatchesLiteral(routeKey, key);

    public bool MatchesLiteral(string parameterName, string literal) =>
        !EntityEndpoints.ReservedSlugs.Contains(literal, StringComparer.OrdinalIgnoreCase);
}
