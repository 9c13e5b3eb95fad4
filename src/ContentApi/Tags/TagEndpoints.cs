using ContentApi.Access;
using ContentApi.References;
namespace ContentApi.Tags;

public static class TagEndpoints
{
    private static readonly ReferenceKind<Tag> Kind = new(
        "Tag", "tags", Related.FeatureKind.Tag, db => db.Tags,
        db => db.TagLinks,
        (q, id) => q with { Tag = [id], TagMatch = null });

    public static RouteGroupBuilder MapTags(this IEndpointRouteBuilder routes)
    {
        var tags = new ReferenceResourceHandlers<Tag, TagRequest, TagResponse>(Kind);
        var group = routes.MapGroup("/tags").WithTags("Tags");

        group.MapGet("/", tags.List).WithName("ListTags").WithSummary("List tags: newest first, by name, or by number of articles").ForReaders();
        group.MapGet("/{idOrSlug}", tags.Get).WithName("GetTag").WithSummary("Get a tag by id or slug")
            .ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        group.MapGet("/{idOrSlug}/articles", tags.Articles).WithName("ListTagArticles")
            .WithSummary("List the articles of a tag, with every filter, sort and option of GET /v1/articles")
            .ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        group.MapPost("/", tags.Create).WithName("CreateTag").WithSummary("Create a tag")
            .ProducesProblem(StatusCodes.Status409Conflict).ForEditors();
        group.MapPut("/{idOrSlug}", tags.Replace).WithName("ReplaceTag").WithSummary("Replace a tag")
            .ProducesWriteProblems().ForEditors();
        group.MapPatch("/{idOrSlug}", tags.Patch).WithName("PatchTag").WithSummary("Change some fields of a tag (JSON Merge Patch)")
            .Accepts<TagRequest>(JsonMergePatch.MediaType).ProducesWriteProblems().ForEditors();
        group.MapDelete("/{idOrSlug}", tags.Delete).WithName("DeleteTag").WithSummary("Delete a tag that no article uses")
            .ProducesWriteProblems().ForEditors();
        return group;
    }
}
