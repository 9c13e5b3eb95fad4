using ContentApi.Persistence;
using static ContentApi.Tests.Query.QueryTestHelpers;

namespace ContentApi.Tests.Query;

/// <summary>
/// GET /v1/articles filters: tag (slug or id, any or all), byline, entity, section, language, a
/// publication window and status. Each test works in its own section, so it sees only its articles.
/// </summary>
public sealed class FilterTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Tag_BySlug_ReturnsOnlyArticlesWithThatTag()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var mali = await desk.Client.CreateTagAsync("Mali");
        var tagged = await desk.CreateAsync(desk.Article("Tagged") with { TagIds = [mali.Id] });
        await desk.PublishAsync("Untagged");

        var page = await desk.ListAsync($"tag={mali.Slug}");

        Assert.Equal([tagged.Id], page.Items.Ids());
    }

    [Fact]
    public async Task Tag_ById_MatchesTheSameArticlesAsBySlug()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var tag = await desk.Client.CreateTagAsync();
        var first = await desk.CreateAsync(desk.Article("First", Desk.Epoch.AddHours(1)) with { TagIds = [tag.Id] });
        var second = await desk.CreateAsync(desk.Article("Second", Desk.Epoch.AddHours(2)) with { TagIds = [tag.Id] });
        await desk.PublishAsync("Other");

        var byId = await desk.ListAsync($"tag={tag.Id}");
        var bySlug = await desk.ListAsync($"tag={tag.Slug}");

        Assert.Equal([second.Id, first.Id], byId.Items.Ids());
        Assert.Equal(byId.Items.Ids(), bySlug.Items.Ids());
    }

    [Theory]
    [InlineData("tag={a}&tag={b}")]
    [InlineData("tag={a},{b}")]
    [InlineData("tag={a}, {b}&tagMatch=any")]
    [InlineData("tag={a}&tag={bId}")]
    public async Task SeveralTags_MatchArticlesWithAnyOfThem_ByDefault(string query)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var a = await desk.Client.CreateTagAsync("Alpha");
        var b = await desk.Client.CreateTagAsync("Beta");
        var onlyA = await desk.CreateAsync(desk.Article("Only A", Desk.Epoch.AddHours(1)) with { TagIds = [a.Id] });
        var onlyB = await desk.CreateAsync(desk.Article("Only B", Desk.Epoch.AddHours(2)) with { TagIds = [b.Id] });
        var both = await desk.CreateAsync(desk.Article("Both", Desk.Epoch.AddHours(3)) with { TagIds = [a.Id, b.Id] });
        await desk.PublishAsync("Neither", Desk.Epoch.AddHours(4));

        var page = await desk.ListAsync(query.Replace("{a}", a.Slug).Replace("{bId}", b.Id).Replace("{b}", b.Slug));

        Assert.Equal([both.Id, onlyB.Id, onlyA.Id], page.Items.Ids());
    }

    [Theory]
    [InlineData("tag={a}&tag={b}&tagMatch=all")]
    [InlineData("tag={a},{b}&tagMatch=all")]
    public async Task TagMatchAll_ReturnsOnlyArticlesWithEveryTag(string query)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var a = await desk.Client.CreateTagAsync("Alpha");
        var b = await desk.Client.CreateTagAsync("Beta");
        var c = await desk.Client.CreateTagAsync("Gamma");
        await desk.CreateAsync(desk.Article("Only A") with { TagIds = [a.Id] });
        await desk.CreateAsync(desk.Article("Only B") with { TagIds = [b.Id, c.Id] });
        var both = await desk.CreateAsync(desk.Article("Both") with { TagIds = [b.Id, a.Id] });
        var all = await desk.CreateAsync(desk.Article("All three") with { TagIds = [c.Id, a.Id, b.Id] });

        var page = await desk.ListAsync(query.Replace("{a}", a.Slug).Replace("{b}", b.Slug));

        Assert.Equal([all.Id, both.Id], page.Items.Ids());
    }

    [Fact]
    public async Task UnknownTag_AmongKnownOnes_MatchesNothingWithAll_AndIsIgnoredWithAny()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var tag = await desk.Client.CreateTagAsync();
        var tagged = await desk.CreateAsync(desk.Article("Tagged") with { TagIds = [tag.Id] });
        var unknown = TestData.Unique("no-such-tag");

        var any = await desk.ListAsync($"tag={tag.Slug}&tag={unknown}");
        var all = await desk.ListAsync($"tag={tag.Slug}&tag={unknown}&tagMatch=all");

        Assert.Equal([tagged.Id], any.Items.Ids());
        Assert.Empty(all.Items);
    }

    [Fact]
    public async Task TagMatchAll_NamingOneTagBySlugAndById_MatchesItsArticles()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var tag = await desk.Client.CreateTagAsync();
        var tagged = await desk.CreateAsync(desk.Article("Tagged") with { TagIds = [tag.Id] });

        var page = await desk.ListAsync($"tag={tag.Slug}&tag={tag.Id}&tagMatch=all");

        Assert.Equal([tagged.Id], page.Items.Ids());
    }

    [Theory]
    [InlineData("slug")]
    [InlineData("id")]
    public async Task Byline_ReturnsArticlesItSigned_AmongOthers(string key)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var guest = await desk.Client.CreateBylineAsync("Guest Writer");
        var alone = await desk.CreateAsync(desk.Article("Guest alone", Desk.Epoch.AddHours(1)) with { Bylines = [new(guest.Id)] });
        var shared = await desk.CreateAsync(desk.Article("Guest second", Desk.Epoch.AddHours(2)) with
        {
            Bylines = [new(desk.Byline.Id), new(guest.Id, BylineCredit.Photographer)],
        });
        await desk.PublishAsync("Desk only", Desk.Epoch.AddHours(3));

        var page = await desk.ListAsync($"byline={(key == "id" ? guest.Id : guest.Slug)}");

        Assert.Equal([shared.Id, alone.Id], page.Items.Ids());
    }

    [Theory]
    [InlineData("slug")]
    [InlineData("id")]
    public async Task Entity_ReturnsArticlesAboutIt(string key)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var bamako = await desk.Client.CreateEntityAsync("Bamako");
        var other = await desk.Client.CreateEntityAsync("Dakar");
        var about = await desk.CreateAsync(desk.Article("About Bamako") with { EntityIds = [other.Id, bamako.Id] });
        await desk.CreateAsync(desk.Article("About Dakar") with { EntityIds = [other.Id] });

        var page = await desk.ListAsync($"entity={(key == "id" ? bamako.Id : bamako.Slug)}");

        Assert.Equal([about.Id], page.Items.Ids());
    }

    [Fact]
    public async Task Section_ReturnsOnlyArticlesOfThatSection()
    {
        var client = api.CreateClient();
        var world = await Desk.OpenAsync(client);
        var business = await Desk.OpenAsync(client);
        var inWorld = await world.PublishAsync("World story");
        await business.PublishAsync("Business story");

        var page = await client.ListArticlesAsync($"/v1/articles?{world.SectionQuery}&limit=100");

        Assert.Equal([inWorld.Id], page.Items.Ids());
        Assert.All(page.Items, i => Assert.Equal(world.Section, i.Section));
    }

    [Fact]
    public async Task Language_ReturnsOnlyArticlesInThatLanguage()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var french = await desk.CreateAsync(desk.Article("Le ministre à Bamako") with { Language = "fr" });
        await desk.PublishAsync("The minister in Bamako");

        var page = await desk.ListAsync("language=fr");

        var item = Assert.Single(page.Items);
        Assert.Equal(french.Id, item.Id);
        Assert.Equal("fr", item.Language);
    }

    [Fact]
    public async Task From_IsInclusive_AndTo_IsExclusive()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var at = new List<string>();
        for (var hour = 1; hour <= 4; hour++)
        {
            at.Add((await desk.PublishAsync($"Hour {hour}", Desk.Epoch.AddHours(hour))).Id);
        }

        var window = await desk.ListAsync($"from={Iso(Desk.Epoch.AddHours(2))}&to={Iso(Desk.Epoch.AddHours(4))}");
        var fromOnly = await desk.ListAsync($"from={Iso(Desk.Epoch.AddHours(3))}");
        var toOnly = await desk.ListAsync($"to={Iso(Desk.Epoch.AddHours(2))}");

        Assert.Equal([at[2], at[1]], window.Items.Ids());
        Assert.Equal([at[3], at[2]], fromOnly.Items.Ids());
        Assert.Equal([at[0]], toOnly.Items.Ids());
    }

    [Fact]
    public async Task From_WithAnOffset_IsTheSameInstantInUtc()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        await desk.PublishAsync("Nine", Desk.Epoch.AddHours(9));
        var ten = await desk.PublishAsync("Ten", Desk.Epoch.AddHours(10));

        // 12:00 at UTC+2 is 10:00 UTC.
        var page = await desk.ListAsync($"from={Uri.EscapeDataString("2026-01-01T12:00:00+02:00")}");

        Assert.Equal([ten.Id], page.Items.Ids());
    }

    [Fact]
    public async Task Filters_Combine_AsAnd()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var tag = await desk.Client.CreateTagAsync();
        var entity = await desk.Client.CreateEntityAsync();
        var other = await desk.Client.CreateBylineAsync();
        var hit = await desk.CreateAsync(desk.Article("Hit", Desk.Epoch.AddHours(5)) with { TagIds = [tag.Id], EntityIds = [entity.Id], Language = "fr" });
        await desk.CreateAsync(desk.Article("Wrong language", Desk.Epoch.AddHours(5)) with { TagIds = [tag.Id], EntityIds = [entity.Id] });
        await desk.CreateAsync(desk.Article("No tag", Desk.Epoch.AddHours(5)) with { EntityIds = [entity.Id], Language = "fr" });
        await desk.CreateAsync(desk.Article("No entity", Desk.Epoch.AddHours(5)) with { TagIds = [tag.Id], Language = "fr" });
        await desk.CreateAsync(desk.Article("Too early", Desk.Epoch.AddHours(1)) with { TagIds = [tag.Id], EntityIds = [entity.Id], Language = "fr" });
        await desk.CreateAsync(desk.Article("Other byline", Desk.Epoch.AddHours(5)) with
        {
            TagIds = [tag.Id], EntityIds = [entity.Id], Language = "fr", Bylines = [new(other.Id)],
        });

        var page = await desk.ListAsync(
            $"tag={tag.Slug}&entity={entity.Slug}&byline={desk.Byline.Slug}&language=fr&from={Iso(Desk.Epoch.AddHours(2))}&to={Iso(Desk.Epoch.AddDays(1))}");

        Assert.Equal([hit.Id], page.Items.Ids());
    }

    [Theory]
    [InlineData("tag")]
    [InlineData("byline")]
    [InlineData("entity")]
    public async Task UnknownSlugOrId_GivesAnEmptyList_NotAnError(string filter)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        await desk.CreateAsync(desk.Article("Something") with
        {
            TagIds = [(await desk.Client.CreateTagAsync()).Id],
            EntityIds = [(await desk.Client.CreateEntityAsync()).Id],
        });

        var bySlug = await desk.ListAsync($"{filter}={TestData.Unique("nobody")}");
        var byId = await desk.ListAsync($"{filter}=987654321");

        foreach (var page in new[] { bySlug, byId })
        {
            Assert.Empty(page.Items);
            Assert.Null(page.NextCursor);
            Assert.Null(page.Next);
        }
    }

    [Fact]
    public async Task StatusDraft_LetsAnEditorListOnlyDrafts()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var draft = await desk.CreateAsync(desk.Article("Draft") with { Status = ArticleStatus.Draft });
        var published = await desk.PublishAsync("Published");

        var drafts = await desk.ListAsync("status=draft");
        var live = await desk.ListAsync("status=published");

        Assert.Equal([draft.Id], drafts.Items.Ids());
        Assert.Equal(ArticleStatus.Draft, drafts.Items[0].Status);
        Assert.Equal([published.Id], live.Items.Ids());
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("archived")]
    public async Task StatusDraftOrArchived_GivesAnonymousAnEmptyList(string status)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        await desk.CreateAsync(desk.Article("Draft") with { Status = ArticleStatus.Draft });
        await desk.CreateAsync(desk.Article("Archived", Desk.Epoch) with { Status = ArticleStatus.Archived });
        await desk.PublishAsync("Published");
        using var anonymous = api.CreateClientFor(null);

        var page = await desk.ListAsync($"status={status}&count=true", anonymous);

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }
}
