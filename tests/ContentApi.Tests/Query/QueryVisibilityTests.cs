using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Tags;

namespace ContentApi.Tests.Query;

/// <summary>
/// Lists, searches, counts and facets show a caller only the articles it may read: never drafts,
/// archived or not-yet-live ones to readers, anonymous callers or partners, and to partners only
/// those cleared for syndication. A scheduled article joins them when the clock passes its time.
/// </summary>
public sealed class QueryVisibilityTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static TheoryData<string> Outsiders => ["anonymous", "reader", "partner"];

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task List_ShowsOnlyLiveArticles(string caller)
    {
        var corpus = await Corpus.CreateAsync(api);
        using var client = ClientFor(caller);

        var walked = await client.WalkAsync($"/v1/articles?{corpus.Desk.SectionQuery}&limit=1");

        Assert.Equal(corpus.VisibleTo(caller).Order(), walked.Ids().Order());
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Search_FindsOnlyLiveArticles(string caller)
    {
        var corpus = await Corpus.CreateAsync(api);
        using var client = ClientFor(caller);

        var relevance = await client.WalkAsync($"/v1/articles?q={corpus.Word}&limit=2");
        var newest = await client.ListArticlesAsync($"/v1/articles?q={corpus.Word}&sort=newest&limit=100");

        Assert.Equal(corpus.VisibleTo(caller).Order(), relevance.Ids().Order());
        Assert.Equal(corpus.VisibleTo(caller).Order(), newest.Items.Ids().Order());
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task CountsAndFacets_CountOnlyLiveArticles(string caller)
    {
        var corpus = await Corpus.CreateAsync(api);
        using var client = ClientFor(caller);
        var visible = corpus.VisibleTo(caller).Count;

        var listed = await client.ListArticlesAsync($"/v1/articles?{corpus.Desk.SectionQuery}&count=true&facets=tag,section,byline,entity&limit=1");
        var searched = await client.ListArticlesAsync($"/v1/articles?q={corpus.Word}&count=true&facets=tag,section,byline,entity&limit=1");

        foreach (var page in new[] { listed, searched })
        {
            Assert.Equal(visible, page.Total);
            Assert.Equal([(corpus.Tag.Slug, visible)], page.Facets!.Tag.Counts());
            Assert.Equal([(corpus.Desk.Section, visible)], page.Facets.Section.Counts());
            Assert.Equal([(corpus.Desk.Byline.Slug, visible)], page.Facets.Byline.Counts());
            Assert.Equal([(corpus.Entity.Slug, visible)], page.Facets.Entity.Counts());
        }
    }

    [Fact]
    public async Task Editor_SeesEveryStatus_InListSearchAndCounts()
    {
        var corpus = await Corpus.CreateAsync(api);
        var client = api.CreateClient();

        var listed = await client.ListArticlesAsync($"/v1/articles?{corpus.Desk.SectionQuery}&count=true&limit=100");
        var searched = await client.ListArticlesAsync($"/v1/articles?q={corpus.Word}&count=true&limit=100");

        Assert.Equal(corpus.All.Values.Order(), listed.Items.Ids().Order());
        Assert.Equal(corpus.All.Count, listed.Total);
        Assert.Equal(corpus.All.Values.Order(), searched.Items.Ids().Order());
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task StatusScheduled_ShowsOnlyScheduledArticlesWhoseTimeHasCome(string caller)
    {
        var corpus = await Corpus.CreateAsync(api);
        using var client = ClientFor(caller);

        var page = await client.ListArticlesAsync($"/v1/articles?{corpus.Desk.SectionQuery}&status=scheduled");

        Assert.Equal([corpus.All["scheduled, past"]], page.Items.Ids());
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("partner")]
    public async Task ScheduledArticle_AppearsInListAndSearch_OnceTheClockPassesItsTime(string caller)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = QueryTestHelpers.UniqueWord();
        var goesLive = api.Clock.GetUtcNow().UtcDateTime.AddHours(2);
        var scheduled = await desk.CreateAsync(desk.Article($"Embargoed {word}") with { Status = ArticleStatus.Scheduled, PublishAt = goesLive });
        using var client = ClientFor(caller);
        var list = $"/v1/articles?{desk.SectionQuery}&count=true";
        var search = $"/v1/articles?q={word}&count=true";

        api.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        var listedBefore = await client.ListArticlesAsync(list);
        var searchedBefore = await client.ListArticlesAsync(search);
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var listedAt = await client.ListArticlesAsync(list);
        var searchedAt = await client.ListArticlesAsync(search);

        Assert.Empty(listedBefore.Items);
        Assert.Equal(0, listedBefore.Total);
        Assert.Empty(searchedBefore.Items);
        Assert.Equal([scheduled.Id], listedAt.Items.Ids());
        Assert.Equal(1, listedAt.Total);
        Assert.Equal([scheduled.Id], searchedAt.Items.Ids());
        Assert.Equal(goesLive, listedAt.Items[0].PublishedAt);
    }

    private HttpClient ClientFor(string caller) => api.CreateClientFor(caller switch
    {
        "anonymous" => null,
        "reader" => ApiRole.Reader,
        "partner" => ApiRole.Partner,
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    });

    /// <summary>
    /// One article in each state, all in one section, with one tag, entity and search word, so a
    /// list, search, count or facet of them shows exactly what the caller may see.
    /// </summary>
    private sealed record Corpus(Desk Desk, string Word, TagResponse Tag, EntityResponse Entity, Dictionary<string, string> All)
    {
        private static readonly string[] LiveAndSyndicated = ["published", "published, back-dated", "scheduled, past"];
        private static readonly string[] LiveNotSyndicated = ["published, not syndicated", "published, syndication expired"];

        /// <summary>Partners see live articles cleared for syndication; readers and anonymous callers every live one.</summary>
        public List<string> VisibleTo(string caller) =>
            [.. All.Where(a => LiveAndSyndicated.Contains(a.Key) || (caller != "partner" && LiveNotSyndicated.Contains(a.Key))).Select(a => a.Value)];

        public static async Task<Corpus> CreateAsync(ContentApiFactory api)
        {
            var client = api.CreateClient();
            var desk = await Desk.OpenAsync(client);
            var tag = await client.CreateTagAsync();
            var entity = await client.CreateEntityAsync();
            var word = QueryTestHelpers.UniqueWord();
            var now = api.Clock.GetUtcNow().UtcDateTime;
            var states = new Dictionary<string, Func<ArticleRequest, ArticleRequest>>
            {
                ["published"] = a => a,
                ["published, back-dated"] = a => a with { PublishAt = now.AddDays(-3) },
                ["published, not syndicated"] = a => a with { Syndication = new SyndicationDto(Allowed: false) },
                ["published, syndication expired"] = a => a with { Syndication = new SyndicationDto(true, ExpiresAt: now.AddDays(-1)) },
                ["published, future time"] = a => a with { PublishAt = now.AddDays(1) },
                ["scheduled, past"] = a => a with { Status = ArticleStatus.Scheduled, PublishAt = now.AddMinutes(-5) },
                ["scheduled, future"] = a => a with { Status = ArticleStatus.Scheduled, PublishAt = now.AddMinutes(5) },
                ["draft"] = a => a with { Status = ArticleStatus.Draft },
                ["archived"] = a => a with { Status = ArticleStatus.Archived, PublishAt = now.AddDays(-2) },
            };
            var all = new Dictionary<string, string>();
            foreach (var (state, shape) in states)
            {
                var request = shape(desk.Article($"{state} {word}") with { TagIds = [tag.Id], EntityIds = [entity.Id] });
                all[state] = (await desk.CreateAsync(request)).Id;
            }

            return new Corpus(desk, word, tag, entity, all);
        }
    }
}
