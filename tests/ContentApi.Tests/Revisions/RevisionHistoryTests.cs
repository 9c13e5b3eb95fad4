using System.Net;
using ContentApi.Access;
using ContentApi.Persistence;
using ContentApi.Articles;
using ContentApi.Tests.Articles;
using ContentApi.Tests.Transfer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Revisions;

/// <summary>Every write of an article keeps a revision: who, when, which fields changed; list, read and diff them.</summary>
public sealed class RevisionHistoryTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task CreatePutAndPatch_EachMakeARevision_WithTheFieldsTheyChanged()
    {
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request);
        var otherTag = await _client.CreateTagAsync();
        using (var put = await _client.PutArticleAsync(article.Id, request with { Headline = "A sharper headline", TagIds = [.. request.TagIds!, otherTag.Id] }))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var patch = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"standfirst": "A new standfirst."}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var revisions = await _client.RevisionsAsync(article.Slug);

        Assert.Equal([3, 2, 1], revisions.Select(r => r.Number));
        Assert.Equal(["standfirst"], revisions[0].ChangedFields);
        Assert.Equal(["headline", "tagIds"], revisions[1].ChangedFields);
        Assert.Empty(revisions[2].ChangedFields);
        Assert.All(revisions, r => Assert.Equal("test Editor", r.Author?.Name));
        Assert.All(revisions, r => Assert.Null(r.Correction));
    }

    [Fact]
    public async Task AWriteThatChangesNothing_AddsNoRevision()
    {
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request);

        using (var put = await _client.PutArticleAsync(article.Id, request))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Assert.Single(await _client.RevisionsAsync(article.Id));
    }

    [Fact]
    public async Task ARevision_HoldsTheArticleAsItWas()
    {
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request);
        using (var patch = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Changed later", "body": "Rewritten."}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var first = await _client.RevisionAsync(article.Id, 1);
        var second = await _client.RevisionAsync(article.Id, 2);

        Assert.Equal(request.Headline, first.Article.Headline);
        Assert.Equal(request.Body, first.Article.Body);
        Assert.Equal(request.TagIds, first.Article.TagIds);
        Assert.Equal(article.PublishedAt, first.Article.PublishAt);
        Assert.Equal("Changed later", second.Article.Headline);
        Assert.Equal(["headline", "body"], second.ChangedFields);
    }

    [Fact]
    public async Task Diff_GivesEachChangedFieldInBothRevisions_AndListsCompareAsValues()
    {
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request);
        var second = await _client.CreateTagAsync();
        using (var put = await _client.PutArticleAsync(article.Id, request with { Section = "Business", TagIds = [second.Id, .. request.TagIds!] }))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var reorder = await _client.PutArticleAsync(article.Id, request with { Section = "Business", TagIds = [.. request.TagIds!, second.Id] }))
        {
            await reorder.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var diff = await _client.DiffAsync(article.Id, 1, 2);
        var reordered = await _client.DiffAsync(article.Id, 2, 3);
        var backwards = await _client.DiffAsync(article.Id, 3, 1);

        Assert.Equal(["section", "tagIds"], diff.Changes.Select(c => c.Field));
        Assert.Equal("World", diff.Changes[0].From?.GetString());
        Assert.Equal("Business", diff.Changes[0].To?.GetString());
        Assert.Equal(request.TagIds, diff.Changes[1].From?.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([second.Id, .. request.TagIds!], diff.Changes[1].To?.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["tagIds"], reordered.Changes.Select(c => c.Field));
        Assert.Equal(["tagIds"], backwards.Changes.Skip(1).Select(c => c.Field));
        Assert.Equal("Business", backwards.Changes[0].From?.GetString());
    }

    [Fact]
    public async Task AnArticleWrittenBeforeRevisionsWereKept_GetsItsOldStateAsRevision1_OnItsNextWrite()
    {
        var article = await _client.CreateArticleAsync();
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
            var id = int.Parse(article.Id, System.Globalization.CultureInfo.InvariantCulture);
            await db.ArticleRevisions.Where(r => r.ArticleId == id).ExecuteDeleteAsync();
        }

        using (var patch = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "First edit since the upgrade"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var revisions = await _client.RevisionsAsync(article.Id);
        Assert.Equal([2, 1], revisions.Select(r => r.Number));
        Assert.Null(revisions[1].Author);
        Assert.Equal(article.UpdatedAt, revisions[1].CreatedAt);
        Assert.Equal(article.Headline, (await _client.RevisionAsync(article.Id, 1)).Article.Headline);
        Assert.Equal(["headline"], revisions[0].ChangedFields);
    }

    [Fact]
    public async Task ImportedArticles_GetRevisions_AndAReimportWithAChangeAddsOne()
    {
        var file = new NewsroomFile();
        await _client.ImportAndReportAsync(file.ToString());
        file.Line(6)["headline"] = "A corrected explainer headline";
        await _client.ImportAndReportAsync(file.ToString());

        var revisions = await _client.RevisionsAsync(file.Pinned);

        Assert.Equal([2, 1], revisions.Select(r => r.Number));
        Assert.Equal(["headline"], revisions[0].ChangedFields);
        Assert.Equal("test Editor", revisions[0].Author?.Name);
    }

    [Fact]
    public async Task TheList_PagesNewestFirst()
    {
        var article = await _client.CreateArticleAsync();
        for (var i = 1; i <= 3; i++)
        {
            using var patch = await _client.MergePatchAsync($"/v1/articles/{article.Id}", $$"""{"headline": "Version {{i}}"}""");
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var first = await _client.GetAsync($"/v1/articles/{article.Id}/revisions?limit=3").ShouldSucceedAsync<ContentApi.Http.Page<ContentApi.Revisions.RevisionSummary>>();
        var second = await _client.GetAsync(first.Next!).ShouldSucceedAsync<ContentApi.Http.Page<ContentApi.Revisions.RevisionSummary>>();

        Assert.Equal([4, 3, 2], first.Items.Select(r => r.Number));
        Assert.Equal([1], second.Items.Select(r => r.Number));
        Assert.Null(second.Next);
    }

    [Theory]
    [InlineData("/revisions/99")]
    [InlineData("/revisions/two")]
    [InlineData("/revisions/1/diff/99")]
    public async Task UnknownRevisions_Are404Problems(string path)
    {
        var article = await _client.CreateArticleAsync();

        using var response = await _client.GetAsync($"/v1/articles/{article.Id}{path}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Revision not found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ForAnUnknownArticle_TheListIsA404Problem()
    {
        using var response = await _client.GetAsync("/v1/articles/no-such-article-here/revisions");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(ApiRole.Reader, HttpStatusCode.Forbidden)]
    [InlineData(ApiRole.Partner, HttpStatusCode.Forbidden)]
    public async Task OnlyEditorsMayReadOrRestoreRevisions(ApiRole? role, HttpStatusCode expected)
    {
        var article = await _client.CreateArticleAsync();
        using var client = api.CreateClientFor(role);

        using var list = await client.GetAsync($"/v1/articles/{article.Id}/revisions");
        using var read = await client.GetAsync($"/v1/articles/{article.Id}/revisions/1");
        using var diff = await client.GetAsync($"/v1/articles/{article.Id}/revisions/1/diff/1");
        using var restore = await client.RestoreRevisionAsync(article.Id, 1);

        await list.ShouldBeProblemAsync(expected);
        await read.ShouldBeProblemAsync(expected);
        await diff.ShouldBeProblemAsync(expected);
        await restore.ShouldBeProblemAsync(expected);
    }
}
