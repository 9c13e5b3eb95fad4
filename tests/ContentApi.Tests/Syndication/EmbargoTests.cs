using System.Net;
using System.Net.Http.Json;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;
using ContentApi.Tests.Query;

namespace ContentApi.Tests.Syndication;

/// <summary>
/// An embargoed article: partner keys cleared for embargoes receive it from its publication time, marked
/// with embargoUntil; readers and other partners see nothing of it until the embargo ends.
/// </summary>
public sealed class EmbargoTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task BeforeTheEmbargo_OnlyClearedPartnersSeeIt_Everywhere()
    {
        var (article, embargo) = await CreateEmbargoedAsync();
        using var cleared = api.CreateClientWithKey(await api.CreateKeyAsync(ApiRole.Partner, "wire subscriber", embargoCleared: true));

        using var seen = await cleared.GetAsync($"/v1/articles/{article.Slug}");
        Assert.Equal(embargo, (await seen.ReadAsync<ArticleResponse>()).EmbargoUntil);
        var listed = await cleared.ListArticlesAsync($"/v1/articles?tag={article.Tags[0].Slug}");
        Assert.Equal(embargo, Assert.Single(listed.Items).EmbargoUntil);
        var synced = new SyncReplica(cleared);
        await synced.CatchUpAsync();
        Assert.Equal(embargo, synced.Articles[article.Id].EmbargoUntil);

        foreach (var role in new ApiRole?[] { null, ApiRole.Reader, ApiRole.Partner })
        {
            using var client = api.CreateClientFor(role);
            using var response = await client.GetAsync($"/v1/articles/{article.Slug}");
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            Assert.Empty((await client.ListArticlesAsync($"/v1/articles?tag={article.Tags[0].Slug}")).Items);
            Assert.Empty((await client.ListArticlesAsync($"/v1/articles?q={article.Headline.Split(' ')[^1]}")).Items);
            var replica = new SyncReplica(client);
            await replica.CatchUpAsync();
            Assert.DoesNotContain(article.Id, replica.Articles.Keys);
        }
    }

    [Fact]
    public async Task WhenTheEmbargoEnds_ReadersAndPartnersGetIt_AndSyncBringsIt()
    {
        var (article, _) = await CreateEmbargoedAsync();
        using var partner = api.CreateClientFor(ApiRole.Partner);
        using var reader = api.CreateClientFor(null);
        var (partnerCopy, readerCopy) = (new SyncReplica(partner), new SyncReplica(reader));
        await partnerCopy.CatchUpAsync();
        await readerCopy.CatchUpAsync();

        api.Clock.Advance(TimeSpan.FromHours(3));
        await partnerCopy.CatchUpAsync();
        await readerCopy.CatchUpAsync();

        Assert.Contains(article.Id, partnerCopy.Articles.Keys);
        Assert.Contains(article.Id, readerCopy.Articles.Keys);
        using var response = await reader.GetAsync($"/v1/articles/{article.Slug}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ClearedPartners_StillNeedSyndicationRights()
    {
        var editor = api.CreateClient();
        var request = (await editor.NewArticleRequestAsync()) with
        {
            EmbargoUntil = api.Clock.GetUtcNow().UtcDateTime.AddHours(2), Syndication = new SyndicationDto(false),
        };
        var article = await editor.CreateArticleAsync(request);
        using var cleared = api.CreateClientWithKey(await api.CreateKeyAsync(ApiRole.Partner, "wire subscriber", embargoCleared: true));

        using var response = await cleared.GetAsync($"/v1/articles/{article.Id}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(ApiRole.Reader)]
    [InlineData(ApiRole.Editor)]
    [InlineData(ApiRole.Admin)]
    public async Task OnlyPartnerKeys_CanBeClearedForEmbargoes(ApiRole role)
    {
        using var admin = api.CreateClientFor(ApiRole.Admin);
        using var response = await admin.PostAsJsonAsync("/v1/keys", new KeyRequest("Not a partner", role, EmbargoCleared: true), TestData.Json);

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("embargoCleared");
    }

    [Fact]
    public async Task AClearedPartnerKey_IsMadeAndListedAsSuch()
    {
        using var admin = api.CreateClientFor(ApiRole.Admin);
        var created = await admin.PostAndReadAsync<CreatedKeyResponse>("/v1/keys", new KeyRequest("Wire desk", ApiRole.Partner, EmbargoCleared: true));
        using var cleared = api.CreateClientWithKey(created.Key);
        var (article, _) = await CreateEmbargoedAsync();

        using var response = await cleared.GetAsync($"/v1/articles/{article.Id}");

        Assert.True(created.EmbargoCleared);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    private async Task<(ArticleResponse Article, DateTime Embargo)> CreateEmbargoedAsync()
    {
        var editor = api.CreateClient();
        var embargo = api.Clock.GetUtcNow().UtcDateTime.AddHours(2);
        var request = (await editor.NewArticleRequestAsync($"Embargoed story {QueryTestHelpers.UniqueWord("emb")}")) with { EmbargoUntil = embargo };
        var article = await editor.CreateArticleAsync(request);
        Assert.Equal(embargo, article.EmbargoUntil);
        return (article, embargo);
    }
}
