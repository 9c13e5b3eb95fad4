using System.Globalization;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Changes;
using ContentApi.Entities;
using ContentApi.Related;
using ContentApi.Revisions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Trash;

/// <summary>Deleted articles, bylines, tags and entities, for editors: list, restore with the same id, or purge now.</summary>
public static class TrashEndpoints
{
    public const string Kind = "Trash item";

    public static RouteGroupBuilder MapTrash(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/trash").WithTags("Trash");

        group.MapGet("/", ListTrash).WithName("ListTrash")
            .WithSummary("List deleted articles, bylines, tags and entities, most recently deleted first").ForEditors();
        group.MapPost("/{id}/restore", RestoreFromTrash).WithName("RestoreFromTrash")
            .WithSummary("Restore a deleted item with its id, slug and (for articles) revisions and corrections")
            .WithDescription("409 when its slug was taken since, or when a deleted article refers to a byline, tag, entity or article that is gone.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ForEditors();
        group.MapDelete("/{id}", PurgeFromTrash).WithName("PurgeFromTrash")
            .WithSummary("Purge a deleted item now: it can no longer be restored")
            .ProducesProblem(StatusCodes.Status404NotFound).ForEditors();
        return group;
    }

    private static async Task<Ok<Page<TrashItemResponse>>> ListTrash(
        [AsParameters] PageQuery page, HttpRequest http, ContentDb db, IOptions<TrashOptions> options, CancellationToken ct)
    {
        var query = db.Trash.AsNoTracking();
        if (page.After is { } below)
        {
            query = query.Where(i => i.Id < below);
        }

        var items = await query.OrderByDescending(i => i.Id).Take(page.Limit + 1).ToListAsync(ct);
        var retention = options.Value.Retention;
        return TypedResults.Ok(page.ToPage(items, i => Id(i.Id), http).Select(i => new TrashItemResponse(
            Id(i.Id), i.Kind, Id(i.ResourceId), i.Slug, i.Name, i.DeletedAt, Author.From(i.DeletedByKeyId, i.DeletedByName), i.DeletedAt + retention)));
    }

    private static async Task<Results<Created<RestoredItem>, ProblemHttpResult>> RestoreFromTrash(
        string id, HttpRequest http, ContentDb db, ContentWriter writer, EntityMatchers matchers, KeyTermSelection terms, IValidator<ArticleRequest> validator, TimeProvider clock,
        CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } item)
        {
            return NotFound(id);
        }

        var problem = item.Kind == TrashKind.Article
            ? await ArticleTrash.RestoreAsync(db, item, Author.Of(http.HttpContext.User), matchers, terms, validator, clock, ct)
            : await TrashItems.RestoreReferenceAsync(db, item, clock.UtcNow(), ct);
        if (problem is not null)
        {
            return problem;
        }

        db.Trash.Remove(item);
        await writer.SaveAsync(db, ct);
        return TypedResults.Created(TrashItems.PathOf(item.Kind, item.ResourceId), new RestoredItem(item.Kind, Id(item.ResourceId), item.Slug));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> PurgeFromTrash(
        string id, HttpRequest http, ContentDb db, TrashPurger purger, CancellationToken ct) =>
        await FindAsync(db, id, ct) is { } item && await purger.PurgeAsync(db, item, TrashPurger.PurgedBy(Author.Of(http.HttpContext.User)), ct)
            ? TypedResults.NoContent()
            : NotFound(id);

    private static async Task<TrashItem?> FindAsync(ContentDb db, string id, CancellationToken ct) =>
        Lookup.TryParseId(id, out var itemId) ? await db.Trash.SingleOrDefaultAsync(i => i.Id == itemId, ct) : null;

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        title: "Trash item not found",
        detail: $"The trash has no item '{id}': it was restored or purged, or never existed. GET /v1/trash lists what it holds.",
        statusCode: StatusCodes.Status404NotFound);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
