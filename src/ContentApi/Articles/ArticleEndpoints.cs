using ContentApi.Related;
using ContentApi.Access;
using ContentApi.Entities;
using ContentApi.Revisions;
using ContentApi.Trash;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using FluentValidation;
using Mapster;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Articles;

public static class ArticleEndpoints
{
    /// <summary>Writes are for editors, who see every article.</summary>
    internal static readonly ArticleVisibility EditorView = ArticleVisibility.For(new Caller(ApiRole.Editor, null), DateTime.MaxValue);

    public static RouteGroupBuilder MapArticles(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/articles").WithTags("Articles");

        group.MapGet("/", ListArticles).WithName("ListArticles")
            .WithSummary("List, filter and search articles: newest first unless sorted otherwise")
            .AddEndpointFilter<SparseFieldsFilter>().ForReaders();
        group.MapGet("/{idOrSlug}", GetArticle).WithName("GetArticle")
            .WithSummary("Get an article with its bylines, tags, entities and pinned related articles")
            .WithDescription("A former slug answers 308 with the article's current address.")
            .Produces(StatusCodes.Status308PermanentRedirect).ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        group.MapPost("/", CreateArticle).WithName("CreateArticle").WithSummary("Create an article (its revision 1)")
            .ProducesProblem(StatusCodes.Status409Conflict).ForEditors();
        group.MapPut("/{idOrSlug}", ReplaceArticle).WithName("ReplaceArticle").WithSummary("Replace an article")
            .ProducesWriteProblems().ForEditors();
        group.MapPatch("/{idOrSlug}", PatchArticle).WithName("PatchArticle")
            .WithSummary("Change some fields of an article (JSON Merge Patch)")
            .Accepts<ArticleRequest>(JsonMergePatch.MediaType).ProducesWriteProblems().ForEditors();
        group.MapDelete("/{idOrSlug}", DeleteArticle).WithName("DeleteArticle")
            .WithSummary("Delete an article: it goes to the trash, from where editors can restore it until it is purged")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ForEditors();
        return group;
    }

    private static Task<Results<Ok<ArticleList>, ValidationProblem>> ListArticles(
        [AsParameters] ArticleListQuery query, ArticleVisibility visibility, HttpRequest http, ContentDb db, ArticleCatalog catalog, CancellationToken ct) =>
        ArticleLists.ListAsync(query, visibility, http, db, catalog, ct);

    private static async Task<Results<Ok<ArticleResponse>, RedirectHttpResult, ProblemHttpResult>> GetArticle(
        string idOrSlug, ArticleVisibility visibility, HttpRequest http, ContentDb db, CancellationToken ct)
    {
        switch (await db.ResolveAsync(idOrSlug, visibility, ct))
        {
            case null:
                return Problems.NotFound(ArticleChanges.Kind, idOrSlug);
            case { MovedTo: { } slug }:
                return TypedResults.Redirect($"/v1/articles/{slug}{http.QueryString}", permanent: true, preserveMethod: true);
            case { Id: var id }:
                var article = await db.LoadResponseAsync(id, visibility, ct);
                return article is null ? Problems.NotFound(ArticleChanges.Kind, idOrSlug) : TypedResults.Ok(article);
        }
    }

    private static async Task<Results<Created<ArticleResponse>, ValidationProblem, ProblemHttpResult>> CreateArticle(
        ArticleRequest request, ClaimsPrincipal user, ContentDb db, EntityMatchers matchers, KeyTermSelection terms, TimeProvider clock, CancellationToken ct)
    {
        if (request.Correction is not null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["correction"] = ["A new article has nothing to correct: send corrections with later updates."] },
                title: "Validation failed");
        }

        var article = new Article();
        if (await WriteAsync(article, request, new RevisionSource(Author.Of(user)), db, matchers, terms, clock, ct) is { } problem)
        {
            return problem;
        }

        db.Articles.Add(article);
        await db.SaveWithIndexAsync(_ => Task.FromResult<List<int>>([article.Id]), ct);
        var response = (await db.LoadResponseAsync(article.Id, EditorView, ct))!;
        return TypedResults.Created($"/v1/articles/{response.Id}", response);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> ReplaceArticle(
        string idOrSlug, ArticleRequest request, HttpRequest http, ContentDb db, EntityMatchers matchers, KeyTermSelection terms, ETags etags, TimeProvider clock, CancellationToken ct)
    {
        var article = await FindForWriteAsync(db, idOrSlug, ct);
        return article is null
            ? Problems.NotFound(ArticleChanges.Kind, idOrSlug)
            : await UpdateAsync(article, request, http, db, matchers, terms, etags, clock, ct);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> PatchArticle(
        string idOrSlug, JsonObject patch, HttpRequest http, ContentDb db, EntityMatchers matchers, KeyTermSelection terms, ETags etags, IValidator<ArticleRequest> validator,
        IOptions<JsonOptions> json, TimeProvider clock, CancellationToken ct)
    {
        var article = await FindForWriteAsync(db, idOrSlug, ct);
        if (article is null)
        {
            return Problems.NotFound(ArticleChanges.Kind, idOrSlug);
        }

        // ToRequest carries no correction: a correction belongs to the write that sends it, never to the next one.
        var (request, invalid) = JsonMergePatch.Apply(ArticleQueries.ToRequest(article), patch, json.Value.SerializerOptions);
        if ((invalid ?? await ValidationFilter.Validate(validator, request!, ct)) is { } problem)
        {
            return problem;
        }

        return await UpdateAsync(article, request!, http, db, matchers, terms, etags, clock, ct);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteArticle(
        string idOrSlug, HttpRequest http, ContentDb db, ETags etags, TimeProvider clock, CancellationToken ct)
    {
        var article = await FindForWriteAsync(db, idOrSlug, ct);
        if (article is null)
        {
            return Problems.NotFound(ArticleChanges.Kind, idOrSlug);
        }

        if (await StaleAsync(article, http, db, etags, ct) is { } stale)
        {
            return stale;
        }

        await ArticleTrash.MoveAsync(db, article, Author.Of(http.HttpContext.User), clock.UtcNow(), ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>PUT, PATCH and revision restores: If-Match, then the write as the caller, then the article as saved.</summary>
    internal static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Article article, ArticleRequest request, HttpRequest http, ContentDb db, EntityMatchers matchers, KeyTermSelection terms, ETags etags, TimeProvider clock, CancellationToken ct)
    {
        if (await StaleAsync(article, http, db, etags, ct) is { } stale)
        {
            return stale;
        }

        var ownId = article.Id.ToString(CultureInfo.InvariantCulture);
        if (request.RelatedArticleIds?.Contains(ownId) == true)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["relatedArticleIds"] = ["An article cannot be pinned as related to itself."] },
                title: "Validation failed");
        }

        if (await WriteAsync(article, request, new RevisionSource(Author.Of(http.HttpContext.User)), db, matchers, terms, clock, ct) is { } problem)
        {
            return problem;
        }

        try
        {
            await db.SaveWithIndexAsync(_ => Task.FromResult<List<int>>([article.Id]), ct);
        }
        catch (DbUpdateException)
        {
            // Deleted while this write was applied: its revision may have met the missing row before the update did.
            db.ChangeTracker.Clear();
            if (!await db.Articles.AnyAsync(a => a.Id == article.Id, ct))
            {
                return Problems.NotFound(ArticleChanges.Kind, article.Slug);
            }

            throw;
        }

        return TypedResults.Ok((await db.LoadResponseAsync(article.Id, EditorView, ct))!);
    }

    /// <summary>Applies the request with the entities and candidate phrases found in its text.</summary>
    internal static async Task<ProblemHttpResult?> WriteAsync(
        Article article, ArticleRequest request, RevisionSource source, ContentDb db, EntityMatchers matchers, KeyTermSelection terms, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var analysis = ArticleAnalysis.Of(request, await matchers.GetAsync(db, ct), terms);
        if (await ArticleChanges.ApplyAsync(article, request, analysis, source, db, now, ct) is { } problem)
        {
            return problem;
        }

        await CandidateSightings.RecordAsync(db, [(article, analysis.Candidates)], now, ct);
        return null;
    }

    /// <summary>A 412 when If-Match names a representation other than the current one.</summary>
    internal static async Task<ProblemHttpResult?> StaleAsync(Article article, HttpRequest http, ContentDb db, ETags etags, CancellationToken ct) =>
        http.Headers.IfMatch.Count == 0
            ? null
            : etags.PreconditionFailed(http, (await db.LoadResponseAsync(article.Id, EditorView, ct))!);

    internal static async Task<Article?> FindForWriteAsync(ContentDb db, string idOrSlug, CancellationToken ct) =>
        await db.ResolveAsync(idOrSlug, EditorView, ct) is { Id: var id }
            ? await db.Articles.Include(a => a.Bylines).Include(a => a.Tags).Include(a => a.Entities).Include(a => a.Pins)
                .Include(a => a.EntityRejections).AsSplitQuery().SingleAsync(a => a.Id == id, ct)
            : null;
}
