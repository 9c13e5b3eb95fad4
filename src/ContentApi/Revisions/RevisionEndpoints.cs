using System.ComponentModel;
using System.Globalization;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.ReadModel;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Revisions;

/// <summary>An article's history for editors: list, read, compare and restore its revisions.</summary>
public static class RevisionEndpoints
{
    public const string Kind = "Revision";

    public static RouteGroupBuilder MapRevisions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/articles/{idOrSlug}/revisions").WithTags("Revisions");

        group.MapGet("/", ListRevisions).WithName("ListRevisions")
            .WithSummary("List an article's revisions, newest first: who wrote each, when, which fields changed and any correction")
            .ProducesProblem(StatusCodes.Status404NotFound).ForEditors();
        group.MapGet("/{number}", GetRevision).WithName("GetRevision")
            .WithSummary("Get a revision with the article as it was (the request that writes it again)")
            .ProducesProblem(StatusCodes.Status404NotFound).ForEditors();
        group.MapGet("/{from}/diff/{to}", DiffRevisions).WithName("DiffRevisions")
            .WithSummary("Compare two revisions field by field: each changed field's value in both")
            .ProducesProblem(StatusCodes.Status404NotFound).ForEditors();
        group.MapPost("/{number}/restore", RestoreRevision).WithName("RestoreRevision")
            .WithSummary("Write a revision's content again, as a new revision (honours If-Match like PUT)")
            .WithDescription("A 409 names what the revision refers to that no longer exists (bylines, tags, entities, pinned articles): restore those from the trash first, or PUT an edited copy of the revision.")
            .ProducesWriteProblems().ForEditors();
        return group;
    }

    private static async Task<Results<Ok<Page<RevisionSummary>>, ProblemHttpResult>> ListRevisions(
        string idOrSlug, [AsParameters] PageQuery page, HttpRequest http, ContentDb db, ContentReadModel model, CancellationToken ct)
    {
        if (model.Read(view => view.Resolve(idOrSlug)) is not ({ Id: var id }, _))
        {
            return Problems.NotFound(ArticleChanges.Kind, idOrSlug);
        }

        var query = db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == id);
        if (page.After is { } below)
        {
            query = query.Where(r => r.Number < below);
        }

        var revisions = await query.OrderByDescending(r => r.Number).Take(page.Limit + 1)
            .Select(r => new RevisionSummary(r.Number, r.CreatedAt, Author.From(r.AuthorKeyId, r.AuthorName), r.ChangedFields, r.Correction))
            .ToListAsync(ct);
        return TypedResults.Ok(page.ToPage(revisions, r => r.Number.ToString(CultureInfo.InvariantCulture), http));
    }

    private static async Task<Results<Ok<RevisionResponse>, ProblemHttpResult>> GetRevision(
        string idOrSlug, [Description("The revision's number: 1, 2, 3...")] string number, ContentDb db, ContentReadModel model, CancellationToken ct)
    {
        var (revision, problem) = await FindAsync(db, model, idOrSlug, number, ct);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(new RevisionResponse(
            revision!.Number, revision.CreatedAt, Author.From(revision.AuthorKeyId, revision.AuthorName), revision.ChangedFields, revision.Correction,
            ArticleRevisions.Read(revision.Snapshot)));
    }

    private static async Task<Results<Ok<RevisionDiff>, ProblemHttpResult>> DiffRevisions(
        string idOrSlug, [Description("The revision to compare from, usually the older")] string from,
        [Description("The revision to compare to")] string to, ContentDb db, ContentReadModel model, CancellationToken ct)
    {
        var (a, problem) = await FindAsync(db, model, idOrSlug, from, ct);
        var (b, otherProblem) = problem is null ? await FindAsync(db, model, idOrSlug, to, ct) : (null, null);
        if ((problem ?? otherProblem) is { } missing)
        {
            return missing;
        }

        return TypedResults.Ok(new RevisionDiff(a!.Number, b!.Number, ArticleRevisions.Diff(a.Snapshot, b.Snapshot)));
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> RestoreRevision(
        string idOrSlug, [Description("The revision to restore")] string number, RestoreRevisionRequest? body, HttpRequest http, ContentDb db,
        ArticleWrites writes, IValidator<ArticleRequest> validator, CancellationToken ct)
    {
        var (revision, problem) = await FindAsync(db, writes.Model, idOrSlug, number, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (await ArticleEndpoints.FindForWriteAsync(db, writes.Model, idOrSlug, ct) is not { } article)
        {
            return Problems.NotFound(ArticleChanges.Kind, idOrSlug);
        }

        if (await writes.StaleAsync(article.Id, http, ct) is { } stale)
        {
            return stale;
        }

        var (request, missing) = await RestorableAsync(
            db, validator, ArticleRevisions.Read(revision!.Snapshot) with { Correction = body?.Correction }, $"Revision {revision.Number} of article '{article.Slug}'", ct);
        if (missing is not null)
        {
            return missing;
        }

        return await writes.UpdateAsync(article, request, http, db, ct);
    }

    /// <summary>
    /// An article request kept from the past (a revision, or an article in the trash) made ready to write again.
    /// Pins to articles deleted since are dropped, as deleting an article removes it from every article's pins.
    /// A 409 when it still fails the rules, which in practice means it names a byline, tag or entity deleted since
    /// (those cannot be deleted while an article uses them, so a live article would have kept them).
    /// </summary>
    public static async Task<(ArticleRequest Request, ProblemHttpResult? Problem)> RestorableAsync(
        ContentDb db, IValidator<ArticleRequest> validator, ArticleRequest request, string what, CancellationToken ct)
    {
        var pins = request.RelatedArticleIds ?? [];
        var pinned = pins.Select(id => Lookup.TryParseId(id, out var n) ? n : 0).ToList();
        var existing = (await db.Articles.Where(a => pinned.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        request = request with { RelatedArticleIds = [.. pins.Where((_, i) => existing.Contains(pinned[i]))] };
        var result = await validator.ValidateAsync(request, ct);
        return (request, result.IsValid ? null : MissingReferences(what, result.ToDictionary()));
    }

    public static ProblemHttpResult MissingReferences(string what, IDictionary<string, string[]> errors) => TypedResults.Problem(
        title: "Cannot restore: it refers to what no longer exists",
        detail: $"{what} cannot be written as it was: {string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))} "
            + "Restore those from the trash (GET /v1/trash) first, or send an edited copy with PUT.",
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static async Task<(ArticleRevision? Revision, ProblemHttpResult? Problem)> FindAsync(
        ContentDb db, ContentReadModel model, string idOrSlug, string number, CancellationToken ct)
    {
        if (model.Read(view => view.Resolve(idOrSlug)) is not ({ Id: var id }, _))
        {
            return (null, Problems.NotFound(ArticleChanges.Kind, idOrSlug));
        }

        var revision = Lookup.TryParseId(number, out var n)
            ? await db.ArticleRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.ArticleId == id && r.Number == n, ct)
            : null;
        return revision is null
            ? (null, TypedResults.Problem(
                title: "Revision not found",
                detail: $"Article '{idOrSlug}' has no revision '{number}'. GET /v1/articles/{idOrSlug}/revisions lists them.",
                statusCode: StatusCodes.Status404NotFound))
            : (revision, null);
    }
}
