using System.Net;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Query;

/// <summary>
/// Lists filtered by tags, bylines or entities and sorted by publication time are paged in memory from the
/// catalog; the same lists without a link filter are paged in SQL. Here every article of a desk carries the
/// desk's tag, so the two must walk the same articles in the same order, for every caller.
/// </summary>
public sealed class CatalogPagingTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static readonly DateTime Noon = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static TheoryData<string, int, ApiRole> Walks => new()
    {
        { "newest", 1, ApiRole.Editor },
        { "newest", 3, ApiRole.Editor },
        { "oldest", 2, ApiRole.Editor },
        { "newest", 2, ApiRole.Reader },
        { "oldest", 1, ApiRole.Reader },
        { "newest", 2, ApiRole.Partner },
        { "oldest", 4, ApiRole.Partner },
    };

    [Theory]
    [MemberData(nameof(Walks))]
    public async Task TagFilteredWalk_IsTheSqlWalk_ForEveryCaller(string sort, int limit, ApiRole role)
    {
        var (desk, tag, _) = await DeskAsync();
        using var client = api.CreateClientFor(role);

        var inSql = await client.WalkAsync($"/v1/articles?{desk.SectionQuery}&sort={sort}&limit={limit}");
        var inMemory = await client.WalkAsync($"/v1/articles?{desk.SectionQuery}&tag={tag}&sort={sort}&limit={limit}");

        Assert.NotEmpty(inSql);
        Assert.Equal(inSql.Ids(), inMemory.Ids());
    }

    [Fact]
    public async Task TagFilteredTotal_AndFirstPage_AreTheSqlOnes()
    {
        var (desk, tag, _) = await DeskAsync();

        var inSql = await desk.ListAsync("count=true&limit=4");
        var inMemory = await desk.ListAsync($"tag={tag}&count=true&limit=4");

        Assert.Equal(inSql.Total, inMemory.Total);
        Assert.Equal(inSql.Items.Ids(), inMemory.Items.Ids());
        Assert.Equal(inSql.Items.Select(i => i.Headline), inMemory.Items.Select(i => i.Headline));
    }

    [Fact]
    public async Task TagFilteredWalk_WithArticlesInsertedBetweenPages_NeverRepeatsOrSkipsTheOriginalSet()
    {
        var (desk, tag, _) = await DeskAsync();
        var original = (await desk.Client.WalkAsync($"/v1/articles?{desk.SectionQuery}&tag={tag}&limit=100")).Ids();
        List<string> seen = [];
        string? next = $"/v1/articles?{desk.SectionQuery}&tag={tag}&limit=2";
        for (var page = 0; next is not null; page++)
        {
            var list = await desk.Client.ListArticlesAsync(next);
            seen.AddRange(list.Items.Ids());
            next = list.Next;
            // Newer, older and undated articles land while the walk goes on.
            await desk.CreateAsync(desk.Article($"Inserted {page}", Noon.AddDays(page % 2 == 0 ? 30 : -30)) with { TagIds = [tag] });
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(original, id => Assert.Contains(id, seen));
    }

    /// <summary>
    /// Past <see cref="ArticlePaging.FewCandidates"/> articles with the tag, pages are found by walking the catalog's
    /// publication order instead: made here by copying an article in SQL (minutes apart, every fifth one a draft,
    /// every eleventh scheduled years ahead, every seventh at the same minute as the one before), then reloading the
    /// catalog as a restart would.
    /// </summary>
    [Theory]
    [InlineData("newest", ApiRole.Editor)]
    [InlineData("oldest", ApiRole.Editor)]
    [InlineData("newest", ApiRole.Reader)]
    [InlineData("oldest", ApiRole.Reader)]
    public async Task ManyTagged_WalkThePublicationOrder_AndStillMatchTheSqlWalk(string sort, ApiRole role)
    {
        var (desk, tag) = await ManyTaggedAsync();
        using var client = api.CreateClientFor(role);

        var inSql = await client.WalkAsync($"/v1/articles?{desk.SectionQuery}&sort={sort}&limit=100");
        var inMemory = await client.WalkAsync($"/v1/articles?{desk.SectionQuery}&tag={tag}&sort={sort}&limit=100");
        var counted = await client.ListArticlesAsync($"/v1/articles?{desk.SectionQuery}&tag={tag}&sort={sort}&limit=3&count=true");

        Assert.True(inSql.Count > ArticlePaging.FewCandidates, $"Only {inSql.Count} articles.");
        Assert.Equal(inSql.Ids(), inMemory.Ids());
        Assert.Equal(inSql.Count, counted.Total);
        Assert.Equal(inSql.Ids().Take(3), counted.Items.Ids());
    }

    /// <summary>
    /// A tag's or byline's list walks that one's own publication order, which every write keeps in step: here an article
    /// moves in time, one loses the tag, one gains it, one is deleted and one goes back to draft. The tag's walk must stay
    /// the section's walk less the article that lost it, and the byline's (every article of the desk has it) the whole.
    /// </summary>
    [Theory]
    [InlineData("newest", ApiRole.Editor)]
    [InlineData("oldest", ApiRole.Editor)]
    [InlineData("newest", ApiRole.Reader)]
    [InlineData("oldest", ApiRole.Partner)]
    public async Task LinkWalks_FollowEdits_ThatMoveArticlesInTimeAndInAndOutOfTheList(string sort, ApiRole role)
    {
        var (desk, tag, _) = await DeskAsync();
        var joining = await desk.CreateAsync(desk.Article("Joins later", Noon.AddHours(-2)));
        var byHeadline = (await desk.Client.WalkAsync($"/v1/articles?{desk.SectionQuery}&limit=100")).ToDictionary(a => a.Headline, a => a.Id);
        Task PatchAsync(string headline, string json) => desk.Client.ShouldMergePatchAsync($"/v1/articles/{byHeadline[headline]}", json);

        await PatchAsync("Day 3", $$"""{"publishAt":"{{Noon.AddDays(1):O}}"}""");
        await PatchAsync("Day 2", """{"tagIds":[]}""");
        await PatchAsync(joining.Headline, $$"""{"tagIds":["{{tag}}"]}""");
        await PatchAsync("Day 1", """{"status":"draft"}""");
        using (var deleted = await desk.Client.DeleteAsync($"/v1/articles/{byHeadline["Same second 1"]}"))
        {
            await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        using var client = api.CreateClientFor(role);
        var section = (await client.WalkAsync($"/v1/articles?{desk.SectionQuery}&sort={sort}&limit=100")).Ids();
        var tagged = await client.WalkAsync($"/v1/articles?tag={tag}&sort={sort}&limit=2");
        var signed = await client.WalkAsync($"/v1/bylines/{desk.Byline.Id}/articles?sort={sort}&limit=3");
        var counted = await client.ListArticlesAsync($"/v1/articles?tag={tag}&sort={sort}&limit=1&count=true");

        var expected = section.Where(id => id != byHeadline["Day 2"]).ToList();
        Assert.Equal(expected, tagged.Ids());
        Assert.Equal(section, signed.Ids());
        Assert.Equal(expected.Count, counted.Total);
        Assert.Equal(expected.Take(1), counted.Items.Ids());
    }

    private async Task<(Desk Desk, string Tag)> ManyTaggedAsync()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var tag = (await desk.Client.CreateTagAsync()).Id;
        var source = await desk.CreateAsync(desk.Article("Copied", Noon) with { TagIds = [tag] });
        // The source's publication time moved by days or minutes, in each database's own date arithmetic.
        Func<string, string, string> shifted = TestDatabase.OnPostgres
            ? (days, minutes) => $"\"PublishedAt\" + ({days}) * interval '1 day' + ({minutes}) * interval '1 minute'"
            : (days, minutes) => $"strftime('%Y-%m-%d %H:%M:%S', \"PublishedAt\", ({days}) || ' days', ({minutes}) || ' minutes')";
        await api.CopyInSqlAsync(
            source, ArticlePaging.FewCandidates * 3 / 2, tag,
            headline: "\"Headline\" || ' ' || i",
            status: "CASE WHEN i % 5 = 0 THEN 'Draft' WHEN i % 11 = 0 THEN 'Scheduled' ELSE \"Status\" END",
            publishAt: $"CASE WHEN i % 5 <> 0 AND i % 11 = 0 THEN {shifted("5000 + i", "0")} ELSE \"PublishAt\" END",
            publishedAt: $"""
                CASE WHEN i % 5 = 0 THEN NULL
                     WHEN i % 11 = 0 THEN {shifted("5000 + i", "0")}
                     ELSE {shifted("0", "-(i - i % 7)")} END
                """);
        return (desk, tag);
    }

    /// <summary>
    /// A search's page is chosen in memory among its hits too. The desk's tag name is a word only its articles carry,
    /// so searching for it finds the desk: newest and oldest walk the SQL order, relevance walks the same articles,
    /// and the totals agree.
    /// </summary>
    [Theory]
    [InlineData("newest", 1, ApiRole.Editor)]
    [InlineData("oldest", 3, ApiRole.Editor)]
    [InlineData("newest", 2, ApiRole.Reader)]
    [InlineData("oldest", 2, ApiRole.Partner)]
    [InlineData("relevance", 2, ApiRole.Editor)]
    [InlineData("relevance", 1, ApiRole.Reader)]
    [InlineData("relevance", 3, ApiRole.Partner)]
    public async Task SearchWalk_IsTheSqlWalk_ForEveryCaller(string sort, int limit, ApiRole role)
    {
        var (desk, _, word) = await DeskAsync();
        using var client = api.CreateClientFor(role);

        var inSql = await client.WalkAsync($"/v1/articles?{desk.SectionQuery}&sort={(sort == "relevance" ? "newest" : sort)}&limit={limit}");
        var inMemory = await client.WalkAsync($"/v1/articles?{desk.SectionQuery}&q={word}&sort={sort}&limit={limit}");
        var counted = await client.ListArticlesAsync($"/v1/articles?q={word}&sort={sort}&limit=1&count=true");

        Assert.NotEmpty(inSql);
        List<string> InOrder(List<ArticleListItem> walk) => sort == "relevance" ? [.. walk.Ids().Order(StringComparer.Ordinal)] : walk.Ids();
        Assert.Equal(InOrder(inSql), InOrder(inMemory));
        Assert.Equal(inSql.Count, counted.Total);
    }

    /// <summary>A desk whose every article has its tag: published (some at the same second), back-dated, drafts, scheduled, archived, not syndicated.</summary>
    private async Task<(Desk Desk, string Tag, string TagName)> DeskAsync()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var tagName = QueryTestHelpers.UniqueWord();
        var tag = (await desk.Client.CreateTagAsync(tagName)).Id;
        ArticleRequest Tagged(string headline, DateTime? at) => desk.Article(headline, at) with { TagIds = [tag] };
        for (var i = 0; i < 4; i++)
        {
            await desk.CreateAsync(Tagged($"Same second {i}", Noon));
        }

        for (var i = 1; i <= 3; i++)
        {
            await desk.CreateAsync(Tagged($"Day {i}", Noon.AddDays(-i)));
        }

        await desk.CreateAsync(Tagged("Draft one", null) with { Status = ArticleStatus.Draft });
        await desk.CreateAsync(Tagged("Draft two", null) with { Status = ArticleStatus.Draft });
        await desk.CreateAsync(Tagged("Scheduled", DateTime.UtcNow.AddYears(2)) with { Status = ArticleStatus.Scheduled });
        await desk.CreateAsync(Tagged("Archived", Noon.AddDays(-10)) with { Status = ArticleStatus.Archived });
        await desk.CreateAsync(Tagged("Not for partners", Noon.AddDays(-5)) with { Syndication = new SyndicationDto(Allowed: false) });
        return (desk, tag, tagName);
    }
}
