using System.Globalization;
using ContentApi.Access;
using ContentApi.Changes;
using ContentApi.Entities;
using ContentApi.ReadModel;
using ContentApi.Related;
using ContentApi.Revisions;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Articles;

/// <summary>What PUT, PATCH and revision restores share: If-Match against the page as it is, then the write, then the page as written.</summary>
public sealed class ArticleWrites(
    ContentWriter writer, ContentReadModel model, IStoredPages pages, EntityMatchers matchers, KeyTermSelection terms, ArticleJson json, TimeProvider clock)
{
    public ContentWriter Writer => writer;

    public ContentReadModel Model => model;

    /// <summary>If-Match, then the write as the caller, then the article as saved.</summary>
    public async Task<Results<Ok<ArticleResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Article article, ArticleRequest request, HttpRequest http, ContentDb db, CancellationToken ct)
    {
        if (await StaleAsync(article.Id, http, ct) is { } stale)
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

        if (await ArticleEndpoints.WriteAsync(article, request, new RevisionSource(Author.Of(http.HttpContext.User)), db, matchers, terms, clock, ct) is { } problem)
        {
            return problem;
        }

        IReadOnlyDictionary<int, ArticleDocument> documents;
        try
        {
            documents = await writer.SaveAsync(db, ct);
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

        return TypedResults.Ok(ArticlePages.AsEditorSees(documents[article.Id], model, json));
    }

    /// <summary>A 412 when If-Match names a representation other than the page as editors see it now.</summary>
    public async Task<ProblemHttpResult?> StaleAsync(int id, HttpRequest http, CancellationToken ct) =>
        http.Headers.IfMatch.Count == 0
            ? null
            : ETags.PreconditionFailed(http, await ArticlePages.EditorTagAsync(id, model, pages, ct) ?? "\"gone\"");
}
