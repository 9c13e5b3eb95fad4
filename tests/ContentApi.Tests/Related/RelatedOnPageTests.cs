using System.Net;
using ContentApi.Access;
using ContentApi.Persistence;
using ContentApi.Articles;
using ContentApi.Related;
using ContentApi.Tests.Access;
using ContentApi.Tests.Query;
using static ContentApi.Tests.Caching.ResponseCacheTests;
using static ContentApi.Tests.Related.RelatedTextTests;

namespace ContentApi.Tests.Related;

/// <summary>
/// GET /v1/articles/{idOrSlug}?include=related: the page with its Related Articles box in one request, the box as
/// GET /related answers it (pins first, as the caller may see them), with one ETag and one cache life for both.
/// </summary>
public sealed class RelatedOnPageTests(OneInstanceFactory api) : IClassFixture<OneInstanceFactory>
{
    private static readonly DateTime Published = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task IncludeRelated_EmbedsTheBoxAsRelatedAnswersIt_PinsFirst_DefaultFive()
    {
        var (desk, word) = (await Desk.OpenAsync(api.CreateClient()), Unique("barley"));
        await PadAsync(desk);
        var stories = new List<ArticleResponse>();
        for (var i = 0; i < 7; i++)
        {
            stories.Add(await desk.CreateAsync(desk.Article($"{Cap(word)} report {i}", Published.AddDays(-i - 1)) with { Body = $"The {word} crop, part {i}." }));
        }

        var pinned = await desk.CreateAsync(desk.Article("A pinned explainer", Published.AddDays(-40)));
        var source = await desk.CreateAsync(desk.Article($"{Cap(word)} prices fall", Published) with
        {
            Body = $"The {word} harvest was large.", RelatedArticleIds = [pinned.Id],
        });
        using var reader = api.CreateClientFor(null);

        var page = await PageAsync(reader, $"/v1/articles/{source.Slug}?include=related");
        var box = await ReadAsync<RelatedList>(reader, $"/v1/articles/{source.Slug}/related");
        var two = await PageAsync(reader, $"/v1/articles/{source.Slug}?include=related&relatedLimit=2");
        var plain = await PageAsync(reader, $"/v1/articles/{source.Slug}");

        Assert.NotNull(page.Related);
        Assert.Equal(5, page.Related.Items.Count);
        Assert.Equal(pinned.Id, page.Related.Items[0].Article.Id);
        Assert.True(page.Related.Items[0].Pinned);
        Assert.Equal(box.Items.Select(i => (i.Article.Id, i.Score, i.Reasons.Count)), page.Related.Items.Select(i => (i.Article.Id, i.Score, i.Reasons.Count)));
        Assert.Equal(box.Items.Take(2).Select(i => i.Article.Id), two.Related!.Items.Select(i => i.Article.Id));
        Assert.Null(plain.Related);
        Assert.Equal(plain with { Related = null }, page with { Related = null }, new PageComparer());
    }

    [Fact]
    public async Task IncludeRelated_ShowsOnlyWhatTheCallerMaySee_PinsIncluded()
    {
        var (desk, word) = (await Desk.OpenAsync(api.CreateClient()), Unique("rye"));
        await PadAsync(desk);
        var draft = await desk.CreateAsync(desk.Article($"{Cap(word)} draft", Published) with
        {
            Body = $"The {word} draft.", Status = ArticleStatus.Draft, PublishAt = null,
        });
        var visible = await desk.CreateAsync(desk.Article($"{Cap(word)} fields", Published.AddDays(-1)) with { Body = $"The {word} fields." });
        var source = await desk.CreateAsync(desk.Article($"{Cap(word)} market", Published) with
        {
            Body = $"The {word} market.", RelatedArticleIds = [draft.Id],
        });

        using var reader = api.CreateClientFor(null);
        var readers = await PageAsync(reader, $"/v1/articles/{source.Slug}?include=related");
        var editors = await PageAsync(api.CreateClient(), $"/v1/articles/{source.Slug}?include=related");

        Assert.DoesNotContain(readers.Related!.Items, i => i.Article.Id == draft.Id);
        Assert.Contains(readers.Related.Items, i => i.Article.Id == visible.Id);
        Assert.Equal(draft.Id, editors.Related!.Items[0].Article.Id);
    }

    [Fact]
    public async Task ANewStorySharingTheWords_RetiresTheEmbeddingPage_AndChangesItsETag_NotThePlainPage()
    {
        var (desk, word) = (await Desk.OpenAsync(api.CreateClient()), Unique("spelt"));
        await PadAsync(desk);
        var source = await desk.CreateAsync(desk.Article($"{Cap(word)} mills reopen", Published) with { Body = $"The {word} mills reopened." });
        using var reader = api.CreateClientFor(null);
        var (withBox, plain) = ($"/v1/articles/{source.Slug}?include=related", $"/v1/articles/{source.Slug}");
        var before = await GetAsync(reader, withBox);
        Assert.Empty((await before.ReadAsync<ArticleResponse>()).Related!.Items);
        Assert.Equal("hit", await CacheOfAsync(reader, withBox));
        await CacheOfAsync(reader, plain);
        Assert.Equal("hit", await CacheOfAsync(reader, plain));

        var sharer = await desk.CreateAsync(desk.Article($"{Cap(word)} flour exports", Published.AddDays(-1)) with { Body = $"Exports of {word} flour rose." });

        using var after = await GetAsync(reader, withBox);
        Assert.Equal("miss", after.Headers.GetValues("X-Cache").Single());
        Assert.Contains((await after.ReadAsync<ArticleResponse>()).Related!.Items, i => i.Article.Id == sharer.Id);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal("hit", await CacheOfAsync(reader, plain));
        var keys = after.Headers.GetValues("Surrogate-Key").Single().Split(' ');
        Assert.Contains($"article-{sharer.Id}", keys);
        before.Dispose();
    }

    [Fact]
    public async Task AnEmbeddedArticlesHeadlineEdit_RetiresThePage_AndAnUnchangedPageIsA304()
    {
        var (editor, desk, word) = (api.CreateClient(), await Desk.OpenAsync(api.CreateClient()), Unique("oat"));
        await PadAsync(desk);
        var neighbour = await desk.CreateAsync(desk.Article($"{Cap(word)} yields", Published.AddDays(-1)) with { Body = $"The {word} yields." });
        var source = await desk.CreateAsync(desk.Article($"{Cap(word)} futures", Published) with { Body = $"The {word} futures." });
        using var reader = api.CreateClientFor(null);
        var url = $"/v1/articles/{source.Slug}?include=related";
        using var first = await GetAsync(reader, url);
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using (var notModified = await reader.SendAsync(again))
        {
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        using (var patch = await editor.MergePatchAsync($"/v1/articles/{neighbour.Id}", """{"headline":"A new headline for the neighbour"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var after = await GetAsync(reader, url);
        Assert.Equal("miss", after.Headers.GetValues("X-Cache").Single());
        Assert.NotEqual(first.Headers.ETag, after.Headers.ETag);
        var item = Assert.Single((await after.ReadAsync<ArticleResponse>()).Related!.Items, i => i.Article.Id == neighbour.Id);
        Assert.Equal("A new headline for the neighbour", item.Article.Headline);
    }

    [Theory]
    [InlineData("include=related&relatedLimit=0", "relatedLimit")]
    [InlineData("include=related&relatedLimit=51", "relatedLimit")]
    [InlineData("include=comments", "include")]
    public async Task InvalidIncludeOrLimit_IsA400NamingTheField(string query, string field)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var article = await desk.CreateAsync(desk.Article("Any article", Published));
        using var reader = api.CreateClientFor(ApiRole.Reader);

        using var response = await reader.GetAsync($"/v1/articles/{article.Slug}?{query}");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Contains(errors.Keys, k => k.Equals(field, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return response;
    }

    private static async Task<ArticleResponse> PageAsync(HttpClient client, string url) => await ReadAsync<ArticleResponse>(client, url);

    private static async Task<T> ReadAsync<T>(HttpClient client, string url)
    {
        using var response = await GetAsync(client, url);
        return await response.ReadAsync<T>();
    }

    /// <summary>Two pages alike but for the box: compared as their JSON (records hold lists, which compare by reference).</summary>
    private sealed class PageComparer : IEqualityComparer<ArticleResponse>
    {
        public bool Equals(ArticleResponse? x, ArticleResponse? y) =>
            System.Text.Json.JsonSerializer.Serialize(x) == System.Text.Json.JsonSerializer.Serialize(y);

        public int GetHashCode(ArticleResponse obj) => 0;
    }
}
