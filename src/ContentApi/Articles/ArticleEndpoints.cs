using ContentApi.Access;
using ContentApi.Changes;
using ContentApi.Entities;
using ContentApi.ReadModel;
using ContentApi.Related;
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
    public static RouteGroupBuilder MapArticles(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/articles").WithTags("Articles");

        group.MapGet("/", ListArticles).WithName("ListArticles")
            .WithSummary("List, filter and search articles: newest first unless sorted otherwise")
            .ForReaders();
        group.MapGet("/{idOrSlug}", GetArticle).WithName("GetArticle")
            .WithSummary("Get an article with its bylines, tags, entities and pinned related articles")
            .WithDescription("include=related embeds the Related Articles box (GET /v1/articles/{idOrSlug}/related with limit=relatedLimit) as "
                + "related: the whole page in one request, with one ETag and one cache life for both. A former slug answers 308 with the "
                + "article's current address.")
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

    private static Task<Results<JsonAnswer<ArticleList>, ValidationProblem>> ListArticles(
        [AsParameters] ArticleListQuery query, ArticleVisibility visibility, HttpContext http, ContentReadModel model, ArticleJson json, CancellationToken ct) =>
        ArticleLists.ListAsync(query, visibility, http, model, json, ct);

    private static async Task<Results<JsonAnswer<ArticleResponse>, RedirectHttpResult, ProblemHttpResult>> GetArticle(
        string idOrSlug, [AsParameters] ArticlePageQuery query, ArticleVisibility visibility, HttpContext http, ContentReadModel model, IStoredPages pages,
        ArticleJson json, IOptions<RelatedOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var visible = visibility.ForFacts();
        switch (model.Read(view => view.Resolve(idOrSlug) is { } found && visible(found.Article) ? found : ((ArticleFacts, bool)?)null))
        {
            case null:
                return Problems.NotFound(ArticleChanges.Kind, idOrSlug);
            case (var moved, true):
                return TypedResults.Redirect($"/v1/articles/{moved.Slug}{http.Request.QueryString}", permanent: true, preserveMethod: true);
            case (var article, false):
                var box = new RelatedQueryParameters(Limit: query.RelatedLimit);
                var page = await ArticlePages.ReadAsync(article.Id, visibility, http, model, pages, ct, !query.IncludesRelated ? null
                    : (output, facts, view, keys) =>
                    {
                        var written = RelatedEndpoints.Write(output, facts, box, visibility, view, json, options.Value, keys);
                        http.AnswerSources().Check = RelatedEndpoints.CheckOf(facts, written, box, visibility.Reach, model, options.Value, clock);
                    });
                return page is null ? Problems.NotFound(ArticleChanges.Kind, idOrSlug) : page;
        }
    }

    private static async Task<Results<Created<ArticleResponse>, ValidationProblem, ProblemHttpResult>> CreateArticle(
        ArticleRequest request, ClaimsPrincipal user, ContentDb db, ContentWriter writer, ContentReadModel model, EntityMatchers matchers, KeyTermSelection terms,
        ArticleJson json, TimeProvider clock, CancellationToken ct)
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
        var documents = await writer.SaveAsync(db, ct);
        var response = ArticlePages.AsEditorSees(documents[article.Id], model, json);
        return TypedResults.Created($"/v1/articles/{response.Id}", response);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> ReplaceArticle(
        string idOrSlug, ArticleRequest request, HttpRequest http, ContentDb db, ArticleWrites writes, CancellationToken ct)
    {
        var article = await FindForWriteAsync(db, writes.Model, idOrSlug, ct);
        return article is null
            ? Problems.NotFound(ArticleChanges.Kind, idOrSlug)
            : await writes.UpdateAsync(article, request, http, db, ct);
    }

    private static async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> PatchArticle(
        string idOrSlug, JsonObject patch, HttpRequest http, ContentDb db, ArticleWrites writes, IValidator<ArticleRequest> validator,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        var article = await FindForWriteAsync(db, writes.Model, idOrSlug, ct);
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

        return await writes.UpdateAsync(article, request!, http, db, ct);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteArticle(
        string idOrSlug, HttpRequest http, ContentDb db, ArticleWrites writes, TimeProvider clock, CancellationToken ct)
    {
        var article = await FindForWriteAsync(db, writes.Model, idOrSlug, ct);
        if (article is null)
        {
            return Problems.NotFound(ArticleChanges.Kind, idOrSlug);
        }

        if (await writes.StaleAsync(article.Id, http, ct) is { } stale)
        {
            return stale;
        }

        await ArticleTrash.MoveAsync(db, article, Author.Of(http.HttpContext.User), clock.UtcNow(), ct);
        await writes.Writer.SaveAsync(db, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Applies the request with the entities, candidate phrases and key terms found in its text.</summary>
    internal static async Task<ProblemHttpResult?> WriteAsync(
        Article article, ArticleRequest request, RevisionSource source, ContentDb db, EntityMatchers matchers, KeyTermSelection terms, TimeProvider clock,
        CancellationToken ct)
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

    /// <summary>The article an id, a current slug or a former slug names, with everything a write changes, tracked.</summary>
    internal static async Task<Article?> FindForWriteAsync(ContentDb db, ContentReadModel model, string idOrSlug, CancellationToken ct) =>
        model.Read(view => view.Resolve(idOrSlug)) is ({ Id: var id }, _)
            ? await db.Articles.Include(a => a.Bylines).Include(a => a.Tags).Include(a => a.Entities).Include(a => a.Pins)
                .Include(a => a.EntityRejections).AsSplitQuery().SingleOrDefaultAsync(a => a.Id == id, ct)
            : null;
}
