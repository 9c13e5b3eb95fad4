using ContentApi.Access;
namespace ContentApi.Entities;

public static class EntityEndpoints
{
    private static readonly ReferenceKind<NamedEntity> Kind = new(
        "Entity", "entities", db => db.Entities,
        db => db.EntityLinks,
        (q, id) => q with { Entity = id });

    public static RouteGroupBuilder MapEntities(this IEndpointRouteBuilder routes)
    {
        var entities = new ReferenceResourceHandlers<NamedEntity, EntityRequest, EntityResponse>(Kind);
        var group = routes.MapGroup("/entities").WithTags("Entities");

        group.MapGet("/", entities.List).WithName("ListEntities").WithSummary("List named entities (people, organisations, places, events): newest first, by name, or by number of articles").ForReaders();
        group.MapGet("/{idOrSlug}", entities.Get).WithName("GetEntity").WithSummary("Get an entity by id or slug")
            .ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        group.MapGet("/{idOrSlug}/articles", entities.Articles).WithName("ListEntityArticles")
            .WithSummary("List the articles of an entity, with every filter, sort and option of GET /v1/articles")
            .AddEndpointFilter<SparseFieldsFilter>().ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        group.MapPost("/", entities.Create).WithName("CreateEntity").WithSummary("Create an entity")
            .ProducesProblem(StatusCodes.Status409Conflict).ForEditors();
        group.MapPut("/{idOrSlug}", entities.Replace).WithName("ReplaceEntity").WithSummary("Replace an entity")
            .ProducesWriteProblems().ForEditors();
        group.MapPatch("/{idOrSlug}", entities.Patch).WithName("PatchEntity").WithSummary("Change some fields of an entity (JSON Merge Patch)")
            .Accepts<EntityRequest>(JsonMergePatch.MediaType).ProducesWriteProblems().ForEditors();
        group.MapDelete("/{idOrSlug}", entities.Delete).WithName("DeleteEntity").WithSummary("Delete an entity that no article uses")
            .ProducesWriteProblems().ForEditors();
        return group;
    }
}
