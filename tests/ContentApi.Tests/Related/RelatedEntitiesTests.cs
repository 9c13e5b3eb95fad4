using System.Net;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Related;
using ContentApi.Tests.Query;

namespace ContentApi.Tests.Related;

/// <summary>GET /v1/entities/{idOrSlug}/related-entities: who else is in this entity's stories.</summary>
public sealed class RelatedEntitiesTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task RelatedEntities_RankSpecificCompanionsAboveUbiquitousOnes()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var wagner = await desk.Client.CreateEntityAsync("Wagner", EntityType.Organisation);
        var moura = await desk.Client.CreateEntityAsync("Moura", EntityType.Place);
        var africa = await desk.Client.CreateEntityAsync("Africa", EntityType.Place);
        var once = await desk.Client.CreateEntityAsync("Once", EntityType.Person);
        // Moura is in Wagner's stories and nowhere else; Africa is in them too but also in ten others.
        await desk.CreateAsync(desk.Article("One") with { EntityIds = [wagner.Id, moura.Id, africa.Id] });
        await desk.CreateAsync(desk.Article("Two") with { EntityIds = [wagner.Id, moura.Id, africa.Id, once.Id] });
        await desk.CreateAsync(desk.Article("Three") with { EntityIds = [wagner.Id, africa.Id] });
        for (var i = 0; i < 10; i++)
        {
            await desk.CreateAsync(desk.Article($"Elsewhere {i}") with { EntityIds = [africa.Id] });
        }

        var related = await GetAsync(desk.Client, $"/v1/entities/{wagner.Slug}/related-entities");

        Assert.Equal([moura.Slug, once.Slug, africa.Slug], related.Items.Select(r => r.Entity.Slug));
        Assert.Equal([2, 1, 3], related.Items.Select(r => r.Articles));
        Assert.DoesNotContain(related.Items, r => r.Entity.Id == wagner.Id);
        Assert.All(related.Items, r => Assert.InRange(r.Score, 0.0, 1.0));
    }

    [Fact]
    public async Task RelatedEntities_CountOnlyArticlesTheCallerMaySee()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var wagner = await desk.Client.CreateEntityAsync("Wagner", EntityType.Organisation);
        var secret = await desk.Client.CreateEntityAsync("Secret", EntityType.Person);
        var open = await desk.Client.CreateEntityAsync("Open", EntityType.Person);
        await desk.CreateAsync(desk.Article("Draft") with { Status = ArticleStatus.Draft, EntityIds = [wagner.Id, secret.Id] });
        await desk.CreateAsync(desk.Article("Unsyndicated") with { Syndication = new SyndicationDto(Allowed: false), EntityIds = [wagner.Id, open.Id] });
        using var anonymous = api.CreateClientFor(null);
        using var partner = api.CreateClientFor(ApiRole.Partner);

        Assert.Equal(new[] { open.Slug, secret.Slug }.Order(), (await GetAsync(desk.Client, $"/v1/entities/{wagner.Id}/related-entities")).Items.Select(r => r.Entity.Slug).Order());
        Assert.Equal([open.Slug], (await GetAsync(anonymous, $"/v1/entities/{wagner.Slug}/related-entities")).Items.Select(r => r.Entity.Slug));
        Assert.Empty((await GetAsync(partner, $"/v1/entities/{wagner.Slug}/related-entities")).Items);
    }

    [Fact]
    public async Task RelatedEntities_RespectTheLimit()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var hub = await desk.Client.CreateEntityAsync("Hub", EntityType.Place);
        List<string> others = [];
        for (var i = 0; i < 4; i++)
        {
            others.Add((await desk.Client.CreateEntityAsync($"Spoke {i}", EntityType.Place)).Id);
        }

        await desk.CreateAsync(desk.Article("Hub story") with { EntityIds = [hub.Id, .. others] });

        Assert.Equal(2, (await GetAsync(desk.Client, $"/v1/entities/{hub.Slug}/related-entities?limit=2")).Items.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("51")]
    [InlineData("many")]
    public async Task RelatedEntities_BadLimit_Gives400(string limit)
    {
        var entity = await api.CreateClient().CreateEntityAsync();

        using var response = await api.CreateClient().GetAsync($"/v1/entities/{entity.Slug}/related-entities?limit={limit}");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RelatedEntities_UnknownEntity_Gives404()
    {
        using var response = await api.CreateClient().GetAsync("/v1/entities/no-such-entity/related-entities");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<RelatedEntityList> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadAsync<RelatedEntityList>();
    }
}
