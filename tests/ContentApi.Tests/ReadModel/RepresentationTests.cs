using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ContentApi.Changes;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;
using ContentApi.Tests.Caching;
using ContentApi.Tests.Transfer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.ReadModel;

/// <summary>
/// An article's page is rendered when it is written and put together with what it shows when it is read: whatever it
/// shows changes (a byline's bio, a tag's name, an entity's alias, a pinned article going out of sight, a correction),
/// the page shows it at once, for readers (whose answers are kept) and editors alike, with a new entity tag.
/// </summary>
public sealed class RepresentationTests(ResponseCacheTests.OneInstanceFactory api) : IClassFixture<ResponseCacheTests.OneInstanceFactory>
{
    [Fact]
    public async Task ABylinesBio_TagsName_AndEntitysAlias_ShowOnThePageAtOnce()
    {
        var (editor, reader) = (api.CreateClient(), api.CreateClientFor(null));
        var article = await editor.CreateArticleAsync();
        await ResponseCacheTests.ExtractionSettledAsync(api);
        var (_, before) = await reader.GetArticleAsync(article.Slug);

        await PatchAsync(editor, $"/v1/bylines/{article.Bylines[0].Byline.Slug}", """{"bio":"Writes from Niamey now."}""");
        await PatchAsync(editor, $"/v1/tags/{article.Tags[0].Slug}", """{"name":"West Africa"}""");
        await PatchAsync(editor, $"/v1/entities/{article.Entities[0].Slug}", """{"aliases":["Testville","Test Town"]}""");
        await ResponseCacheTests.ExtractionSettledAsync(api);

        foreach (var client in new[] { reader, editor })
        {
            var (page, etag) = await client.GetArticleAsync(article.Slug);
            Assert.Equal("Writes from Niamey now.", page.Bylines[0].Byline.Bio);
            Assert.Equal("West Africa", page.Tags[0].Name);
            Assert.Equal(["Testville", "Test Town"], page.Entities[0].Aliases);
            Assert.NotEqual(before, etag);
        }
    }

    [Fact]
    public async Task APinnedArticleGoingOutOfSight_LeavesReadersPages_NotEditors()
    {
        var (editor, reader) = (api.CreateClient(), api.CreateClientFor(null));
        var pinned = await editor.CreateArticleAsync();
        var request = await editor.NewArticleRequestAsync();
        var article = await editor.CreateArticleAsync(request with { RelatedArticleIds = [pinned.Id] });
        Assert.Equal([pinned.Id], (await reader.GetArticleAsync(article.Slug)).Article.RelatedArticles.Select(r => r.Id));

        await PatchAsync(editor, $"/v1/articles/{pinned.Slug}", """{"status":"draft"}""");

        Assert.Empty((await reader.GetArticleAsync(article.Slug)).Article.RelatedArticles);
        Assert.Equal([pinned.Id], (await editor.GetArticleAsync(article.Slug)).Article.RelatedArticles.Select(r => r.Id));

        await PatchAsync(editor, $"/v1/articles/{pinned.Slug}", """{"headline":"Back on the page","status":"published"}""");
        var back = (await reader.GetArticleAsync(article.Slug)).Article.RelatedArticles;
        Assert.Equal("Back on the page", Assert.Single(back).Headline);
    }

    [Fact]
    public async Task ACorrection_ShowsOnThePage_AndInTheChangedEntityTag()
    {
        var (editor, reader) = (api.CreateClient(), api.CreateClientFor(null));
        var request = await editor.NewArticleRequestAsync();
        var article = await editor.CreateArticleAsync(request);
        var (_, before) = await reader.GetArticleAsync(article.Slug);

        using (var put = await editor.PutArticleAsync(article.Id, request with { Headline = "Corrected headline", Correction = "The headline named the wrong town." }))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var (page, etag) = await reader.GetArticleAsync(article.Slug);
        Assert.Equal("The headline named the wrong town.", Assert.Single(page.Corrections).Note);
        Assert.NotEqual(before, etag);
    }

    /// <summary>The page put together at read time is byte for byte what the editor's write answered, apart from what only editors see.</summary>
    [Fact]
    public async Task ThePage_IsWhatTheWriteAnswered()
    {
        var editor = api.CreateClient();
        using var created = await editor.PostAsJsonAsync("/v1/articles", await editor.NewArticleRequestAsync(), TestData.Json);
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var written = await created.Content.ReadAsStringAsync();
        var id = (await created.ReadAsync<ArticleResponse>()).Id;

        using var read = await editor.GetAsync($"/v1/articles/{id}");
        Assert.Equal(written, await read.Content.ReadAsStringAsync());
        Assert.Equal(created.Headers.ETag, read.Headers.ETag);
    }

    /// <summary>
    /// The writer renders the articles a save creates from what it has just written, not from the database: what it
    /// stores must be what rendering them from the database gives, byte for byte (as start-up does for a missing document).
    /// On a database of its own, so that no later write (an extraction job over every article) renders them again first.
    /// </summary>
    [Fact]
    public async Task ANewArticlesDocument_IsWhatRenderingItFromTheDatabaseGives()
    {
        await using var fresh = new ContentApiFactory();
        var editor = fresh.CreateClient();
        // Whatever the API creates comes first: a new entity queues an extraction job over every article there is.
        var request = await editor.NewArticleRequestAsync();
        var (photographer, rejected) = (await editor.CreateBylineAsync(), await editor.CreateEntityAsync());
        var first = new NewsroomFile();
        await editor.ImportAndReportAsync(first.ToString());
        // Articles only, naming what the first file wrote: one pins an article that exists (so the pin is written with
        // it), with two bylines and a rejected entity.
        var second = new NewsroomFile();
        var (pinning, pinned) = (second.Line(5), second.Line(6));
        foreach (var line in new[] { pinning, pinned })
        {
            line["tags"] = new JsonArray(first.SecurityTag, first.DiplomacyTag);
            line["entities"] = new JsonArray(first.Entity);
            line["bylines"] = new JsonArray(new JsonObject { ["byline"] = first.Byline, ["role"] = "writer" });
        }

        pinning["relatedArticles"] = new JsonArray(first.Pinned);
        pinning["bylines"]!.AsArray().Add(new JsonObject { ["byline"] = photographer.Slug, ["role"] = "photographer" });
        pinning["rejectedEntities"] = new JsonArray(rejected.Slug);
        await editor.ImportAndReportAsync(string.Concat(new[] { pinning, pinned }.Select(line => line.ToJsonString() + "\n")));
        using var byApi = await editor.PostAsJsonAsync("/v1/articles", request, TestData.Json);
        await byApi.ShouldHaveStatusAsync(HttpStatusCode.Created);

        using var scope = fresh.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        string[] slugs = [request.Slug!, first.Pinned, .. second.ArticleSlugs];
        var idOf = await db.Articles.Where(a => slugs.Contains(a.Slug)).ToDictionaryAsync(a => a.Slug, a => a.Id);
        var ids = idOf.Values.ToList();
        var written = await DocumentsAsync(db, ids);
        Assert.Equal(4, written.Count);
        Assert.All(written, d => Assert.Equal(1, d.Revision)); // as the save that created them rendered them
        Assert.Contains($"\"pinIds\":[{idOf[first.Pinned]}]", written.Single(d => d.ArticleId == idOf[second.Pinning]).Facts, StringComparison.Ordinal);

        await db.ArticleDocuments.Where(d => ids.Contains(d.ArticleId)).ExecuteDeleteAsync();
        Assert.Equal(4, await scope.ServiceProvider.GetRequiredService<ContentWriter>().RenderStaleAsync(db, CancellationToken.None));

        var rendered = await DocumentsAsync(db, ids);
        foreach (var (before, after) in written.Zip(rendered))
        {
            Assert.Equal(before.Facts, after.Facts);
            Assert.Equal(before.Teaser, after.Teaser);
            Assert.Equal(before.Head, after.Head);
            Assert.Equal(before.Tail, after.Tail);
        }
    }

    private static Task<List<ArticleDocumentRow>> DocumentsAsync(ContentDb db, List<int> ids) =>
        db.ArticleDocuments.AsNoTracking().Where(d => ids.Contains(d.ArticleId)).OrderBy(d => d.ArticleId).ToListAsync();

    private static async Task PatchAsync(HttpClient editor, string url, string json)
    {
        using var patch = await editor.MergePatchAsync(url, json);
        await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }
}
