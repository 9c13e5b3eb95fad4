using System.Net;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Persistence;

namespace ContentApi.Tests.Query;

/// <summary>
/// Facets are counted over the in-memory article catalog while pages and totals come from SQL.
/// These tests hold the two to the same answer, on every filter and for every kind of caller, and
/// check that the catalog follows writes: edits, deletes, renames and the clock.
/// </summary>
public sealed class FacetCatalogTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task SectionFacets_AddUpToTheSqlTotal_ForEveryFilterAndCaller()
    {
        var editor = api.CreateClient();
        var world = await Desk.OpenAsync(editor, "World Writer");
        var sport = await Desk.OpenAsync(editor, "Sport Writer");
        var (common, rare) = (await editor.CreateTagAsync(), await editor.CreateTagAsync());
        var place = await editor.CreateEntityAsync();
        var word = QueryTestHelpers.UniqueWord();
        for (var i = 0; i < 12; i++)
        {
            var desk = i % 3 == 0 ? sport : world;
            var status = (i % 5) switch { 0 => ArticleStatus.Draft, 1 => ArticleStatus.Scheduled, _ => ArticleStatus.Published };
            await desk.CreateAsync(desk.Article($"Story {i} {(i % 2 == 0 ? word : "plain")}", Desk.Epoch.AddDays(i * 30)) with
            {
                Status = status,
                PublishAt = status == ArticleStatus.Scheduled ? api.Clock.GetUtcNow().UtcDateTime.AddDays(i - 6) : Desk.Epoch.AddDays(i * 30),
                TagIds = i % 4 == 0 ? [common.Id, rare.Id] : [common.Id],
                EntityIds = i % 3 == 1 ? [place.Id] : [],
                Syndication = new SyndicationDto(Allowed: i % 2 == 1),
            });
        }

        string[] filters =
        [
            $"tag={common.Slug}",
            $"tag={common.Slug},{rare.Slug}&tagMatch=all",
            $"tag={rare.Slug},{common.Slug}",
            $"tag={common.Slug}&byline={world.Byline.Slug}",
            $"tag={common.Slug}&entity={place.Slug}",
            $"tag={common.Slug}&from={QueryTestHelpers.Iso(Desk.Epoch.AddDays(60))}&to={QueryTestHelpers.Iso(Desk.Epoch.AddDays(250))}",
            $"tag={common.Slug}&status=published",
            $"tag={common.Slug}&status=draft",
            $"tag={common.Slug}&language=en",
            $"tag={common.Slug}&q={word}",
            $"tag={common.Slug}&tag=no-such-tag&tagMatch=all",
        ];
        foreach (var client in new[] { editor, api.CreateClientFor(null), api.CreateClientFor(ApiRole.Partner) })
        {
            foreach (var filter in filters)
            {
                var page = await client.ListArticlesAsync($"/v1/articles?{filter}&count=true&limit=1&facets=section,tag,byline");

                Assert.True(page.Total == page.Facets!.Section!.Sum(f => f.Count), $"{filter}: total {page.Total}, sections {Describe(page.Facets.Section!)}");
                Assert.Equal(page.Total, page.Facets.Tag!.SingleOrDefault(f => f.Value == common.Slug)?.Count ?? 0);
                Assert.Equal(page.Total, page.Facets.Byline!.Sum(f => f.Count));
            }
        }
    }

    [Fact]
    public async Task Facets_FollowEditsAndDeletes()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var (before, after) = (await desk.Client.CreateTagAsync(), await desk.Client.CreateTagAsync());
        var first = await desk.CreateAsync(desk.Article("First") with { TagIds = [before.Id] });
        var second = await desk.CreateAsync(desk.Article("Second") with { TagIds = [before.Id] });

        using (var patched = await desk.Client.MergePatchAsync($"/v1/articles/{first.Slug}", $$"""{"tagIds":["{{after.Id}}"]}"""))
        {
            await patched.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Assert.Equal([(before.Slug, 1), (after.Slug, 1)], (await desk.ListAsync("facets=tag")).Facets!.Tag.Counts().OrderBy(c => c.Value == after.Slug));

        using (var deleted = await desk.Client.DeleteAsync($"/v1/articles/{second.Slug}"))
        {
            await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        Assert.Equal([(after.Slug, 1)], (await desk.ListAsync("facets=tag")).Facets!.Tag.Counts());
    }

    /// <summary>
    /// Counts are remembered across edits that change only an article's text, which moves no count; they must still
    /// follow an edit that moves an article out of what a caller sees, and a search's counts any edit of its text.
    /// </summary>
    [Fact]
    public async Task Facets_FollowAStatusChange_AndASearchFollowsATextEdit_AfterTextOnlyEdits()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        using var anonymous = api.CreateClientFor(null);
        var word = QueryTestHelpers.UniqueWord();
        var first = await desk.CreateAsync(desk.Article($"First {word}"));
        var second = await desk.CreateAsync(desk.Article("Second"));
        Task PatchAsync(ArticleResponse article, string json) => desk.Client.ShouldMergePatchAsync($"/v1/articles/{article.Slug}", json);

        Assert.Equal([(desk.Section, 2)], (await desk.ListAsync("facets=section", anonymous)).Facets!.Section.Counts());
        Assert.Equal([(desk.Section, 1)], (await desk.ListAsync($"q={word}&facets=section", anonymous)).Facets!.Section.Counts());

        await PatchAsync(first, """{"standfirst":"Only the text moves."}""");
        Assert.Equal([(desk.Section, 2)], (await desk.ListAsync("facets=section", anonymous)).Facets!.Section.Counts());

        await PatchAsync(second, $$"""{"headline":"Second {{word}}"}""");
        Assert.Equal([(desk.Section, 2)], (await desk.ListAsync($"q={word}&facets=section", anonymous)).Facets!.Section.Counts());

        await PatchAsync(first, """{"status":"draft"}""");
        Assert.Equal([(desk.Section, 1)], (await desk.ListAsync("facets=section", anonymous)).Facets!.Section.Counts());
    }

    [Fact]
    public async Task Facets_UseTheCurrentNameOfATag()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var tag = await desk.Client.CreateTagAsync("Old name");
        await desk.CreateAsync(desk.Article("Tagged") with { TagIds = [tag.Id] });

        using (var renamed = await desk.Client.MergePatchAsync($"/v1/tags/{tag.Id}", """{"name":"New name"}"""))
        {
            await renamed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var facet = Assert.Single((await desk.ListAsync("facets=tag")).Facets!.Tag!);
        Assert.Equal("New name", facet.Name);
    }

    [Fact]
    public async Task Facets_CountAScheduledArticle_OnceItsTimeHasCome()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        using var anonymous = api.CreateClientFor(null);
        var publishAt = api.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        await desk.CreateAsync(desk.Article("Later") with { Status = ArticleStatus.Scheduled, PublishAt = publishAt });

        Assert.Empty((await desk.ListAsync("facets=section", anonymous)).Facets!.Section!);
        api.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal([(desk.Section, 1)], (await desk.ListAsync("facets=section", anonymous)).Facets!.Section.Counts());
    }

    [Fact]
    public async Task Facets_ForPartners_StopCountingAnArticle_WhenItsSyndicationExpires()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        using var partner = api.CreateClientFor(ApiRole.Partner);
        var expires = api.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        await desk.CreateAsync(desk.Article("For now", Desk.Epoch) with { Syndication = new SyndicationDto(Allowed: true, ExpiresAt: expires) });

        Assert.Equal([(desk.Section, 1)], (await desk.ListAsync("facets=section", partner)).Facets!.Section.Counts());
        api.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Empty((await desk.ListAsync("facets=section", partner)).Facets!.Section!);
    }

    [Fact]
    public async Task Facets_AskedTwice_AreTheSame_AndAWriteInBetweenIsCounted()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        await desk.PublishAsync("One", Desk.Epoch);

        var first = await desk.ListAsync("facets=section");
        var again = await desk.ListAsync("facets=section");
        await desk.PublishAsync("Two", Desk.Epoch);
        var after = await desk.ListAsync("facets=section");

        Assert.Equal([(desk.Section, 1)], first.Facets!.Section.Counts());
        Assert.Equal(first.Facets.Section.Counts(), again.Facets!.Section.Counts());
        Assert.Equal([(desk.Section, 2)], after.Facets!.Section.Counts());
    }

    private static string Describe(IReadOnlyList<FacetCount> facets) => string.Join(", ", facets.Select(f => $"{f.Value}={f.Count}"));
}
