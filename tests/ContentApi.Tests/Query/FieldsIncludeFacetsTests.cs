using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Tags;

namespace ContentApi.Tests.Query;

/// <summary>
/// Shaping a GET /v1/articles response: count=true for a total, fields= for sparse items, include=
/// for embedded bylines, tags and entities, and facets= for counts over every matching article.
/// </summary>
public sealed class FieldsIncludeFacetsTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task CountTrue_GivesTheTotalOfAllMatches_OnEveryPage()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        for (var i = 0; i < 5; i++)
        {
            await desk.PublishAsync($"Story {i}");
        }

        var first = await desk.ListAsync("count=true&limit=2");
        var second = await desk.Client.ListArticlesAsync(first.Next!);
        var last = await desk.Client.ListArticlesAsync(second.Next!);

        Assert.Equal([5, 5, 5], new[] { first.Total, second.Total, last.Total });
        Assert.Single(last.Items);
    }

    [Fact]
    public async Task CountTrue_CountsOnlyWhatTheFiltersMatch()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var tag = await desk.Client.CreateTagAsync();
        await desk.CreateAsync(desk.Article("Tagged one") with { TagIds = [tag.Id] });
        await desk.CreateAsync(desk.Article("Tagged two") with { TagIds = [tag.Id] });
        await desk.PublishAsync("Untagged");

        var page = await desk.ListAsync($"tag={tag.Slug}&count=true&limit=1");

        Assert.Equal(2, page.Total);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&count=false")]
    public async Task WithoutCount_TheTotalPropertyIsAbsent(string query)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        await desk.PublishAsync("Story");

        var page = await desk.Client.GetJsonAsync($"/v1/articles?{desk.SectionQuery}{query}");

        Assert.False(page.TryGetProperty("total", out _), $"The page has a total: {page}");
        Assert.False(page.TryGetProperty("facets", out _), $"The page has facets: {page}");
    }

    [Fact]
    public async Task Fields_KeepsOnlyThoseProperties_OnEachItem()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var article = await desk.PublishAsync("Sparse");

        var page = await desk.Client.GetJsonAsync($"/v1/articles?{desk.SectionQuery}&fields=id,headline&count=true");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(["headline", "id"], item.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(article.Id, item.GetProperty("id").GetString());
        Assert.Equal("Sparse", item.GetProperty("headline").GetString());
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.True(page.TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task Fields_WithInclude_KeepsTheEmbeddedListWhenNamed()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var tag = await desk.Client.CreateTagAsync();
        await desk.CreateAsync(desk.Article("Sparse with tags") with { TagIds = [tag.Id] });

        var page = await desk.Client.GetJsonAsync($"/v1/articles?{desk.SectionQuery}&fields=slug,tags&include=tags,bylines");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(["slug", "tags"], item.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(tag.Id, Assert.Single(item.GetProperty("tags").EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("id,body")]
    [InlineData("Headline")]
    [InlineData("id,,nope")]
    public async Task Fields_Unknown_Gives400ListingTheValidNames(string fields)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?fields={fields}");

        var message = string.Join(' ', (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("fields"));
        foreach (var name in ArticleListQuery.FieldNames)
        {
            Assert.Contains(name, message, StringComparison.Ordinal);
        }

        Assert.Contains("headline", message, StringComparison.Ordinal);
        Assert.Contains("publishedAt", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Include_EmbedsBylinesTagsAndEntities_InTheirArticleOrder()
    {
        var client = api.CreateClient();
        var desk = await Desk.OpenAsync(client);
        var photographer = await client.CreateBylineAsync("Photo Grapher");
        var (t1, t2, t3) = (await client.CreateTagAsync("One"), await client.CreateTagAsync("Two"), await client.CreateTagAsync("Three"));
        var (e1, e2) = (await client.CreateEntityAsync("First place"), await client.CreateEntityAsync("Second place"));
        await desk.CreateAsync(desk.Article("Everything") with
        {
            Bylines = [new(photographer.Id, BylineCredit.Photographer), new(desk.Byline.Id)],
            TagIds = [t2.Id, t3.Id, t1.Id],
            EntityIds = [e2.Id, e1.Id],
        });

        var page = await desk.ListAsync("include=bylines,tags,entities");

        var item = Assert.Single(page.Items);
        Assert.Equal([photographer.Id, desk.Byline.Id], item.Bylines!.Select(b => b.Byline.Id));
        Assert.Equal([BylineCredit.Photographer, BylineCredit.Writer], item.Bylines!.Select(b => b.Role));
        Assert.Equal([t2.Id, t3.Id, t1.Id], item.Tags!.Select(t => t.Id));
        Assert.Equal("Three", item.Tags![1].Name);
        Assert.Equal([e2.Id, e1.Id], item.Entities!.Select(e => e.Id));
    }

    [Fact]
    public async Task Include_One_EmbedsOnlyThat_AndWithoutInclude_NoneArePresent()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        await desk.CreateAsync(desk.Article("Linked") with
        {
            TagIds = [(await desk.Client.CreateTagAsync()).Id],
            EntityIds = [(await desk.Client.CreateEntityAsync()).Id],
        });

        var tagsOnly = Assert.Single((await desk.Client.GetJsonAsync($"/v1/articles?{desk.SectionQuery}&include=tags")).GetProperty("items").EnumerateArray());
        var plain = Assert.Single((await desk.Client.GetJsonAsync($"/v1/articles?{desk.SectionQuery}")).GetProperty("items").EnumerateArray());

        Assert.Equal(1, tagsOnly.GetProperty("tags").GetArrayLength());
        Assert.False(tagsOnly.TryGetProperty("bylines", out _), $"bylines present: {tagsOnly}");
        Assert.False(tagsOnly.TryGetProperty("entities", out _), $"entities present: {tagsOnly}");
        foreach (var name in new[] { "bylines", "tags", "entities", "snippet" })
        {
            Assert.False(plain.TryGetProperty(name, out _), $"{name} present without include: {plain}");
        }
    }

    [Theory]
    [InlineData("tags,body")]
    [InlineData("Tags")]
    [InlineData("related")]
    public async Task Include_Unknown_Gives400(string include)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?include={include}");

        var messages = (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("include");
        Assert.Contains("bylines, tags, entities", string.Join(' ', messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facets_CountEveryMatchingArticle_NotJustThePage_InDescendingOrder()
    {
        var client = api.CreateClient();
        var corpus = await FacetCorpus.CreateAsync(client);

        var page = await client.ListArticlesAsync($"/v1/articles?tag={corpus.Common.Slug}&facets=tag,section,byline,entity&limit=1&count=true");

        Assert.Single(page.Items);
        Assert.Equal(5, page.Total);
        var facets = page.Facets!;
        Assert.Equal([(corpus.Common.Slug, 5), (corpus.Often.Slug, 3), (corpus.Once.Slug, 1)], facets.Tag.Counts());
        Assert.Equal([(corpus.Main.Section, 4), (corpus.Side.Section, 1)], facets.Section.Counts());
        Assert.Equal([(corpus.Main.Byline.Slug, 4), (corpus.Side.Byline.Slug, 2)], facets.Byline.Counts());
        Assert.Equal([(corpus.Bamako.Slug, 2), (corpus.Dakar.Slug, 1)], facets.Entity.Counts());
        Assert.Equal(corpus.Often.Name, facets.Tag![1].Name);
        Assert.Equal(corpus.Main.Byline.Name, facets.Byline![0].Name);
        Assert.Equal(corpus.Main.Section, facets.Section![0].Name);
    }

    [Fact]
    public async Task Facets_AreTheSameOnEveryPage_AndOnlyThoseAsked()
    {
        var client = api.CreateClient();
        var corpus = await FacetCorpus.CreateAsync(client);

        var first = await client.ListArticlesAsync($"/v1/articles?tag={corpus.Common.Slug}&facets=entity,section&limit=2");
        var second = await client.ListArticlesAsync(first.Next!);

        Assert.Null(first.Facets!.Tag);
        Assert.Null(first.Facets.Byline);
        Assert.Equal(first.Facets.Entity.Counts(), second.Facets!.Entity.Counts());
        Assert.Equal(first.Facets.Section.Counts(), second.Facets.Section.Counts());
        var json = await client.GetJsonAsync($"/v1/articles?tag={corpus.Common.Slug}&facets=entity");
        Assert.Equal(["entity"], json.GetProperty("facets").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Facets_FollowTheSearch()
    {
        var client = api.CreateClient();
        var corpus = await FacetCorpus.CreateAsync(client);

        var page = await client.ListArticlesAsync($"/v1/articles?q={corpus.Word}&tag={corpus.Common.Slug}&facets=tag,entity&count=true");

        Assert.Equal(2, page.Total);
        Assert.Equal(Ranked((corpus.Common.Slug, 2), (corpus.Often.Slug, 1)), page.Facets!.Tag.Counts());
        Assert.Equal(Ranked((corpus.Bamako.Slug, 1)), page.Facets.Entity.Counts());
    }

    [Theory]
    [InlineData("tags")]
    [InlineData("tag,language")]
    [InlineData("Section")]
    public async Task Facets_Unknown_Gives400(string facets)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?facets={facets}");

        var messages = (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("facets");
        Assert.Contains("tag, section, byline, entity", string.Join(' ', messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facets_ForAnonymous_LeaveOutDrafts()
    {
        var client = api.CreateClient();
        var corpus = await FacetCorpus.CreateAsync(client);
        using var anonymous = api.CreateClientFor(null);
        var query = $"/v1/articles?tag={corpus.Often.Slug}&facets=tag,section,byline,entity&count=true";

        var editor = await client.ListArticlesAsync(query);
        var reader = await anonymous.ListArticlesAsync(query);

        Assert.Equal(4, editor.Total);
        Assert.Equal(Ranked((corpus.Often.Slug, 4), (corpus.Common.Slug, 3), (corpus.Once.Slug, 1)), editor.Facets!.Tag.Counts());
        Assert.Equal(Ranked((corpus.Bamako.Slug, 2), (corpus.Dakar.Slug, 1), (corpus.Niamey.Slug, 1)), editor.Facets.Entity.Counts());
        Assert.Equal(3, reader.Total);
        Assert.Equal(Ranked((corpus.Often.Slug, 3), (corpus.Common.Slug, 3), (corpus.Once.Slug, 1)), reader.Facets!.Tag.Counts());
        Assert.Equal(Ranked((corpus.Main.Section, 2), (corpus.Side.Section, 1)), reader.Facets.Section.Counts());
        Assert.Equal(Ranked((corpus.Main.Byline.Slug, 2), (corpus.Side.Byline.Slug, 1)), reader.Facets.Byline.Counts());
        Assert.Equal(Ranked((corpus.Bamako.Slug, 2), (corpus.Dakar.Slug, 1)), reader.Facets.Entity.Counts());
    }

    /// <summary>Facet counts in the API's order: most articles first, ties by value (ordinal).</summary>
    private static List<(string Value, int Count)> Ranked(params (string Value, int Count)[] counts) =>
        [.. counts.OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)];

    /// <summary>
    /// Five published articles share the tag Common, in two sections by two bylines; a draft and an
    /// article outside Common add noise that the counts must leave out or keep, as the filter says.
    /// </summary>
    private sealed record FacetCorpus(
        Desk Main, Desk Side, TagResponse Common, TagResponse Often, TagResponse Once,
        EntityResponse Bamako, EntityResponse Dakar, EntityResponse Niamey, string Word)
    {
        public static async Task<FacetCorpus> CreateAsync(HttpClient client)
        {
            var main = await Desk.OpenAsync(client, "Main Writer");
            var side = await Desk.OpenAsync(client, "Side Writer");
            var common = await client.CreateTagAsync("Common");
            var often = await client.CreateTagAsync("Often");
            var once = await client.CreateTagAsync("Once");
            var bamako = await client.CreateEntityAsync("Bamako");
            var dakar = await client.CreateEntityAsync("Dakar");
            var niamey = await client.CreateEntityAsync("Niamey");
            var word = QueryTestHelpers.UniqueWord();

            await main.CreateAsync(main.Article($"One {word}") with { TagIds = [common.Id, often.Id], EntityIds = [bamako.Id] });
            await main.CreateAsync(main.Article($"Two {word}") with { TagIds = [common.Id] });
            await main.CreateAsync(main.Article("Three") with { TagIds = [often.Id, common.Id, once.Id], EntityIds = [dakar.Id, bamako.Id] });
            await main.CreateAsync(main.Article("Four") with
            {
                TagIds = [common.Id], Bylines = [new(main.Byline.Id), new(side.Byline.Id, BylineCredit.Reporting)],
            });
            await side.CreateAsync(side.Article("Five") with { TagIds = [common.Id, often.Id] });
            await side.CreateAsync(side.Article($"Draft {word}") with { Status = ArticleStatus.Draft, TagIds = [often.Id], EntityIds = [niamey.Id] });
            await main.CreateAsync(main.Article($"Not common {word}") with { TagIds = [once.Id], EntityIds = [niamey.Id] });
            return new FacetCorpus(main, side, common, often, once, bamako, dakar, niamey, word);
        }
    }
}
