using ContentApi.Access;
using ContentApi.Http.OpenApi;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Entities;

public static class EntityEndpoints
{
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
        DetachAsync: DetachExtractedAsync);

    public static RouteGroupBuilder MapEntities(this IEndpointRouteBuilder routes)
    {
        var entities = new ReferenceResourceHandlers<NamedEntity, EntityRequest, EntityResponse>(Kind);
        var group = routes.MapGroup("/entities").WithTags("Entities");

        group.MapGet("/", entities.List).WithName("ListEntities").WithSummary("List named entities (people, organisations, places, events): newest first, by name, or by number of articles").ForReaders();
        group.MapGet("/{idOrSlug}", entities.Get).WithName("GetEntity").WithSummary("Get an entity by id or slug")
            .ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        group.MapGet("/{idOrSlug}/articles", entities.Articles).WithName("ListEntityArticles")
            .WithSummary("List the articles of an entity, with every filter, sort and option of GET /v1/articles")
            .ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        group.MapPost("/", entities.Create).WithName("CreateEntity").WithSummary("Create an entity")
            .WithExtractionLink().ProducesProblem(StatusCodes.Status409Conflict).ForEditors();
        group.MapPut("/{idOrSlug}", entities.Replace).WithName("ReplaceEntity").WithSummary("Replace an entity")
            .WithExtractionLink().ProducesWriteProblems().ForEditors();
        group.MapPatch("/{idOrSlug}", entities.Patch).WithName("PatchEntity").WithSummary("Change some fields of an entity (JSON Merge Patch)")
            .Accepts<EntityRequest>(JsonMergePatch.MediaType).WithExtractionLink().ProducesWriteProblems().ForEditors();
        group.MapDelete("/{idOrSlug}", entities.Delete).WithName("DeleteEntity")
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
