using ContentApi.Access;
using ContentApi.References;
namespace ContentApi.Bylines;

public static class BylineEndpoints
{
    private static readonly ReferenceKind<Byline> Kind = new(
        "Byline", "bylines", Related.FeatureKind.Byline, db => db.Bylines,
        db => db.BylineLinks,
        (q, id) => q with { Byline = id });

    public static RouteGroupBuilder MapBylines(this IEndpointRouteBuilder routes)
    {
        var bylines = new ReferenceResourceHandlers<Byline, BylineRequest, BylineResponse>(Kind);
        var group = routes.MapGroup("/bylines").WithTags("Bylines");

        group.MapGet("/", bylines.List).WithName("ListBylines").WithSummary("List bylines: newest first, by name, or by number of articles").ForReaders();
        group.MapGet("/{idOrSlug}", bylines.Get).WithName("GetByline").WithSummary("Get a byline by id or slug")
            .ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        group.MapGet("/{idOrSlug}/articles", bylines.Articles).WithName("ListBylineArticles")
            .WithSummary("List the articles of a byline, with every filter, sort and option of GET /v1/articles")
            .ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        group.MapPost("/", bylines.Create).WithName("CreateByline").WithSummary("Create a byline")
            .ProducesProblem(StatusCodes.Status409Conflict).ForEditors();
        group.MapPut("/{idOrSlug}", bylines.Replace).WithName("ReplaceByline").WithSummary("Replace a byline")
            .ProducesWriteProblems().ForEditors();
        group.MapPatch("/{idOrSlug}", bylines.Patch).WithName("PatchByline").WithSummary("Change some fields of a byline (JSON Merge Patch)")
            .Accepts<BylineRequest>(JsonMergePatch.MediaType).ProducesWriteProblems().ForEditors();
        group.MapDelete("/{idOrSlug}", bylines.Delete).WithName("DeleteByline").WithSummary("Delete a byline that no article uses")
            .ProducesWriteProblems().ForEditors();
        return group;
    }
}
