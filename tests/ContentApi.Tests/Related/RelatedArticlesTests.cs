using System.Globalization;
using System.Net;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Related;
using ContentApi.Tags;
using ContentApi.Tests.Access;
using ContentApi.Tests.Query;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentApi.Tests.Related;

/// <summary>
/// GET /v1/articles/{idOrSlug}/related: the editor's pins first, then other live articles ranked by the
/// cosine similarity of their IDF-weighted tags and entities, scaled by recency, each with the shared
/// features whose weights add up to its score. The ranking tests read a hand-built newsroom about the
/// Sahel (<see cref="SahelNewsroom"/>, a database that holds nothing else, so every weight can be worked
/// out here); the others build their own small corpus, with tags and entities of their own, in a
/// shared database. These services read tags and entities only (Related:TermEvidence=0): the stories here share
/// placeholder text, and the key terms have tests of their own (RelatedTextTests), which also check the Sahel ordering
/// with every kind of evidence on.
/// </summary>
public sealed class RelatedArticlesTests(RelatedArticlesTests.TagsAndEntitiesApi api, RelatedArticlesTests.SahelNewsroom newsroom)
    : IClassFixture<RelatedArticlesTests.TagsAndEntitiesApi>, IClassFixture<RelatedArticlesTests.SahelNewsroom>
{
    /// <summary>A service that relates articles by their tags and entities alone.</summary>
    public sealed class TagsAndEntitiesApi() : ConfiguredApiFactory(WithoutTerms);

    /// <summary>Key terms weigh nothing: the similarity is the cosine of the IDF-weighted tags and entities.</summary>
    internal static readonly (string, string) WithoutTerms = ("Related:TermEvidence", "0");

    private const double Tolerance = 1e-4;

    /// <summary>Scores, similarities, recencies and reason weights are rounded to 6 decimals.</summary>
    private const double Rounding = 1e-6;

    /// <summary>When the source stories of the small corpora are published: before the factory clock's start.</summary>
    private static readonly DateTime Published = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    // ---- The hand-built corpus: order ----

    [Fact]
    public async Task Related_SahelStories_RankAboveTheGenericRussiaStory_WhichRanksAboveSport()
    {
        var news = await newsroom.CorpusAsync();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);

        var ids = Ids(await RelatedAsync(reader, $"/v1/articles/{news.Source.Slug}/related?limit=50"));

        var generic = Rank(ids, news.RussianEconomy);
        Assert.True(generic >= 0, "The generic story about Russia shares Russia with the source and should be related.");
        foreach (var story in new[] { news.WagnerWithdraws, news.JuntasTurnToWagner, news.RussiasRoleInMali })
        {
            var rank = Rank(ids, story);
            Assert.True(rank >= 0 && rank < generic, $"'{story.Headline}' is at {rank}, the generic Russia story at {generic}.");
        }

        var sport = Rank(ids, news.CupFinal);
        Assert.True(sport == -1 || sport > generic, $"The sports story is at {sport}, the generic Russia story at {generic}.");
    }

    [Fact]
    public async Task Related_UnrelatedSportsStory_SharingOnlyTheUbiquitousTag_IsLeftOutAsNoise()
    {
        var news = await newsroom.CorpusAsync();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);
        var expected = news.Expect(news.Source, ApiRole.Reader, halfLifeDays: 180).Single(e => e.Id == news.CupFinal.Id);
        Assert.True(expected.Similarity < 0.1, $"The corpus should make the sports story weakly similar; it is {expected.Similarity}.");

        var related = await RelatedAsync(reader, $"/v1/articles/{news.Source.Slug}/related?limit=50");

        Assert.DoesNotContain(news.CupFinal.Id, Ids(related));
        Assert.All(related.Items.Where(i => !i.Pinned), i => Assert.True(i.Similarity >= 0.1, $"{i.Article.Headline}: similarity {i.Similarity}"));
    }

    [Fact]
    public async Task Related_RareSharedEntity_OutweighsTheUbiquitousTag()
    {
        var news = await newsroom.CorpusAsync();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);

        var related = await RelatedAsync(reader, $"/v1/articles/{news.Source.Slug}/related?limit=50");

        var ids = Ids(related);
        var interview = Rank(ids, news.GoitaInterview);
        Assert.True(interview >= 0, "The interview shares a rare person with the source.");
        var sport = Rank(ids, news.CupFinal);
        Assert.True(sport == -1 || sport > interview, $"The story sharing only the ubiquitous tag is at {sport}, the rare entity's at {interview}.");
        var reasons = related.Items[interview].Reasons;
        Assert.Equal(news.Goita.Slug, reasons[0].Value);
        Assert.Equal("person", reasons[0].Kind);
        var ubiquitous = Assert.Single(reasons, r => r.Value == news.Ubiquitous.Slug);
        Assert.True(reasons[0].Weight > 5 * ubiquitous.Weight, $"Rare person {reasons[0].Weight}, ubiquitous tag {ubiquitous.Weight}.");
    }

    [Fact]
    public async Task Related_OldStoryWithTheSameOverlap_RanksBelowTheRecentOne_ScaledDownToTheRecencyFloor()
    {
        var news = await newsroom.CorpusAsync();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);

        var related = await RelatedAsync(reader, $"/v1/articles/{news.Source.Slug}/related?limit=50");

        var recent = Item(related, news.RussiasRoleInMali);
        var old = Item(related, news.OldAnalysis);
        Assert.True(Rank(Ids(related), news.RussiasRoleInMali) < Rank(Ids(related), news.OldAnalysis));
        Assert.Equal(recent.Similarity!.Value, old.Similarity!.Value, Rounding);
        Assert.Equal(0.3, old.Recency!.Value, Rounding);
        Assert.Equal(Math.Pow(2, -2.0 / 180), recent.Recency!.Value, Rounding);
        Assert.True(recent.Score > 3 * old.Score, $"Recent {recent.Score}, old {old.Score}.");
    }

    [Fact]
    public async Task Related_WithHalfLifeZero_TheSameOverlapTies_AndOrderFallsToNewerThenHigherId()
    {
        var news = await newsroom.CorpusAsync();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);
        Assert.Equal(news.OldAnalysis.PublishedAt, news.OldAnalysisReprint.PublishedAt);
        Assert.True(int.Parse(news.OldAnalysisReprint.Id, CultureInfo.InvariantCulture) > int.Parse(news.OldAnalysis.Id, CultureInfo.InvariantCulture));

        var related = await RelatedAsync(reader, $"/v1/articles/{news.Source.Slug}/related?limit=50&halfLifeDays=0");

        var tied = new[] { news.RussiasRoleInMali, news.OldAnalysisReprint, news.OldAnalysis }.Select(a => Item(related, a)).ToList();
        Assert.All(tied, t => Assert.Equal(1.0, t.Recency));
        Assert.All(tied, t => Assert.Equal(t.Similarity, t.Score));
        Assert.Single(tied.Select(t => t.Score).Distinct());
        var ids = Ids(related);
        var at = ids.IndexOf(news.RussiasRoleInMali.Id);
        Assert.Equal([news.RussiasRoleInMali.Id, news.OldAnalysisReprint.Id, news.OldAnalysis.Id], ids.Skip(at).Take(3));
    }

    [Theory]
    [InlineData(ApiRole.Reader, null)]
    [InlineData(ApiRole.Reader, 0.0)]
    [InlineData(ApiRole.Reader, 30.0)]
    [InlineData(ApiRole.Partner, null)]
    [InlineData(ApiRole.Editor, null)]
    public async Task Related_ScoresAndOrder_AreTheIdfWeightedCosineTimesRecency(ApiRole role, double? halfLifeDays)
    {
        var news = await newsroom.CorpusAsync();
        using var client = newsroom.CreateClientFor(role);
        var expected = news.Expect(news.Source, role, halfLifeDays ?? 180)
            .Where(e => e.Similarity >= 0.1 && !e.NearDuplicate).Take(50).ToList();
        var query = halfLifeDays is { } days ? $"&halfLifeDays={days.ToString(CultureInfo.InvariantCulture)}" : "";

        var related = await RelatedAsync(client, $"/v1/articles/{news.Source.Slug}/related?limit=50{query}");

        Assert.Equal(expected.Select(e => e.Name), related.Items.Select(i => news.NameOf(i.Article.Id)));
        foreach (var (want, got) in expected.Zip(related.Items))
        {
            Assert.False(got.Pinned);
            Assert.Equal(want.Similarity, got.Similarity!.Value, Rounding);
            Assert.Equal(want.Recency, got.Recency!.Value, Rounding);
            Assert.Equal(want.Score, got.Score!.Value, Rounding);
            Assert.Equal(want.Reasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Key), got.Reasons.Select(r => r.Value).Order(StringComparer.Ordinal));
            Assert.All(got.Reasons, r => Assert.Equal(want.Reasons[r.Value], r.Weight, Rounding));
        }
    }

    [Fact]
    public async Task Related_Reasons_AddUpToTheScore_LargestFirst_AndNameTheSharedFeatures()
    {
        var news = await newsroom.CorpusAsync();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);
        var sourceFeatures = SahelCorpus.SlugsOf(news.Source);

        var related = await RelatedAsync(reader, $"/v1/articles/{news.Source.Slug}/related?limit=50");

        Assert.True(related.Items.Count >= 6, $"Only {related.Items.Count} related.");
        foreach (var item in related.Items)
        {
            var label = item.Article.Headline;
            Assert.NotEmpty(item.Reasons);
            Assert.True(Math.Abs(item.Reasons.Sum(r => r.Weight) - item.Score!.Value) < Tolerance, $"{label}: reasons add up to {item.Reasons.Sum(r => r.Weight)}, score {item.Score}.");
            Assert.True(Math.Abs(item.Similarity!.Value * item.Recency!.Value - item.Score.Value) < Tolerance, $"{label}: {item.Similarity} x {item.Recency} is not {item.Score}.");
            Assert.InRange(item.Similarity.Value, 0.1, 1.0);
            Assert.InRange(item.Recency.Value, 0.3, 1.0);
            Assert.Equal(item.Reasons.Select(r => r.Weight).OrderDescending(), item.Reasons.Select(r => r.Weight));
            var candidateFeatures = SahelCorpus.SlugsOf(news.ById(item.Article.Id));
            Assert.All(item.Reasons, r => Assert.True(sourceFeatures.Contains(r.Value) && candidateFeatures.Contains(r.Value), $"{label}: {r.Value} is not shared."));
            Assert.Equal(sourceFeatures.Intersect(candidateFeatures).Order(StringComparer.Ordinal), item.Reasons.Select(r => r.Value).Order(StringComparer.Ordinal));
        }

        var withdraws = Item(related, news.WagnerWithdraws).Reasons;
        (string Kind, string Value, string Name)[] expected =
        [
            ("tag", news.Sahel.Slug, news.Sahel.Name), ("tag", news.Ubiquitous.Slug, news.Ubiquitous.Name),
            ("place", news.Mali.Slug, news.Mali.Name), ("organisation", news.Wagner.Slug, news.Wagner.Name),
            ("place", news.Russia.Slug, news.Russia.Name),
        ];
        Assert.Equal(
            expected.OrderBy(r => r.Value, StringComparer.Ordinal),
            withdraws.Select(r => (r.Kind, r.Value, r.Name)).OrderBy(r => r.Value, StringComparer.Ordinal));
        // Wagner and the Sahel tag are on the same articles, so they have the same IDF: what is left between their shares is
        // the kind weights (organisation 1.2, tag 1.0), each squared, and Wagner's salience in both articles.
        double Salience(ArticleResponse article) => article.EntityMentions.Single(m => m.EntityId == news.Wagner.Id).Salience;
        Assert.Equal(
            1.2 * 1.2 * Salience(news.Source) * Salience(news.WagnerWithdraws),
            withdraws.Single(r => r.Value == news.Wagner.Slug).Weight / withdraws.Single(r => r.Value == news.Sahel.Slug).Weight,
            3);
    }

    [Fact]
    public async Task Related_NeverReturnsTheSourceOrArticlesTheCallerMayNotRead()
    {
        var news = await newsroom.CorpusAsync();
        using var editor = newsroom.CreateClient();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);
        using var anonymous = newsroom.CreateClientFor(null);
        using var partner = newsroom.CreateClientFor(ApiRole.Partner);
        var url = $"/v1/articles/{news.Source.Slug}/related?limit=50";
        string[] notLive = [news.Draft.Id, news.Future.Id, news.Archived.Id];

        var forEditor = Ids(await RelatedAsync(editor, url));
        var forReader = Ids(await RelatedAsync(reader, url));
        var forAnonymous = Ids(await RelatedAsync(anonymous, url));
        var forPartner = Ids(await RelatedAsync(partner, url));

        Assert.Superset(notLive.Append(news.Unsyndicated.Id).ToHashSet(), forEditor.ToHashSet());
        foreach (var ids in new[] { forEditor, forReader, forAnonymous, forPartner })
        {
            Assert.DoesNotContain(news.Source.Id, ids);
        }

        foreach (var ids in new[] { forReader, forAnonymous, forPartner })
        {
            Assert.Empty(ids.Intersect(notLive));
        }

        Assert.Contains(news.Unsyndicated.Id, forReader);
        Assert.DoesNotContain(news.Unsyndicated.Id, forPartner);
        Assert.Equal(forReader, forAnonymous);
        Assert.Equal(forReader.Where(id => id != news.Unsyndicated.Id), forPartner);
    }

    [Fact]
    public async Task Related_OfAnArticleTheCallerMayNotRead_Is404()
    {
        var news = await newsroom.CorpusAsync();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);
        using var partner = newsroom.CreateClientFor(ApiRole.Partner);

        foreach (var article in new[] { news.Draft, news.Future, news.Archived })
        {
            using var response = await reader.GetAsync($"/v1/articles/{article.Slug}/related");
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        using (var unsyndicated = await partner.GetAsync($"/v1/articles/{news.Unsyndicated.Slug}/related"))
        {
            await unsyndicated.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.NotEmpty((await RelatedAsync(reader, $"/v1/articles/{news.Unsyndicated.Slug}/related")).Items);
    }

    [Fact]
    public async Task Related_IncludeTags_EmbedsEachArticlesTags_AndWithoutIncludeThereAreNone()
    {
        var news = await newsroom.CorpusAsync();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);
        var url = $"/v1/articles/{news.Source.Slug}/related?limit=50";

        var plain = await RelatedAsync(reader, url);
        var withTags = await RelatedAsync(reader, url + "&include=tags");
        var withAll = await RelatedAsync(reader, url + "&include=bylines,tags,entities");

        Assert.Equal(Ids(plain), Ids(withTags));
        Assert.All(plain.Items, i => Assert.Null(i.Article.Tags));
        Assert.All(withTags.Items, i => Assert.Null(i.Article.Entities));
        foreach (var item in withTags.Items)
        {
            var tags = item.Article.Tags;
            Assert.NotNull(tags);
            Assert.Equal(news.ById(item.Article.Id).Tags.Select(t => t.Slug).Order(StringComparer.Ordinal), tags.Select(t => t.Slug).Order(StringComparer.Ordinal));
        }

        var withdraws = Item(withAll, news.WagnerWithdraws).Article;
        Assert.Equal([news.Desk.Byline.Slug], withdraws.Bylines!.Select(b => b.Byline.Slug));
        Assert.Equal(
            new[] { news.Mali.Slug, news.Wagner.Slug, news.Russia.Slug }.Order(StringComparer.Ordinal),
            withdraws.Entities!.Select(e => e.Slug).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Related_Limit_ReturnsTheBestThatMany(int limit)
    {
        var news = await newsroom.CorpusAsync();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);
        var all = Ids(await RelatedAsync(reader, $"/v1/articles/{news.Source.Slug}/related?limit=50"));
        Assert.True(all.Count > limit);

        var limited = Ids(await RelatedAsync(reader, $"/v1/articles/{news.Source.Slug}/related?limit={limit}"));

        Assert.Equal(all.Take(limit), limited);
    }

    [Fact]
    public async Task Related_DefaultLimit_IsFive()
    {
        var news = await newsroom.CorpusAsync();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);
        var all = Ids(await RelatedAsync(reader, $"/v1/articles/{news.Source.Slug}/related?limit=50"));

        var byDefault = Ids(await RelatedAsync(reader, $"/v1/articles/{news.Source.Id}/related"));

        Assert.Equal(all.Take(5), byDefault);
    }

    // ---- Pins ----

    [Fact]
    public async Task Pins_ComeFirstInTheEditorsOrder_Unscored_AndAreNotRepeated()
    {
        var (desk, source, related) = await SmallCorpusAsync(api, 4);
        var unrelated = await desk.CreateAsync(desk.Article("Cup final goes to penalties", Published.AddDays(-1)));
        await PinAsync(desk.Client, source, related[2], unrelated, related[0]);
        using var reader = api.CreateClientFor(ApiRole.Reader);

        var list = await RelatedAsync(reader, $"/v1/articles/{source.Slug}/related?limit=10");

        Assert.Equal([related[2].Id, unrelated.Id, related[0].Id], Ids(list).Take(3));
        Assert.All(list.Items.Take(3), i =>
        {
            Assert.True(i.Pinned);
            Assert.Null(i.Score);
            Assert.Null(i.Similarity);
            Assert.Null(i.Recency);
            Assert.Empty(i.Reasons);
        });
        Assert.Equal(new[] { related[1].Id, related[3].Id }.Order(StringComparer.Ordinal), Ids(list).Skip(3).Order(StringComparer.Ordinal));
        Assert.All(list.Items.Skip(3), i => Assert.False(i.Pinned));
        Assert.Equal(Ids(list).Distinct(), Ids(list));
    }

    [Fact]
    public async Task Pins_CountTowardsTheLimit_AndFollowTheFilters()
    {
        var (desk, source, related) = await SmallCorpusAsync(api, 3);
        await PinAsync(desk.Client, source, related[2], related[1]);
        using var reader = api.CreateClientFor(ApiRole.Reader);
        var url = $"/v1/articles/{source.Slug}/related";

        Assert.Equal([related[2].Id], Ids(await RelatedAsync(reader, url + "?limit=1")));
        Assert.Equal([related[2].Id, related[1].Id], Ids(await RelatedAsync(reader, url + "?limit=2")));
        var excluded = await RelatedAsync(reader, url + $"?limit=5&exclude={related[2].Slug}");
        Assert.Equal([related[1].Id, related[0].Id], Ids(excluded));
        Assert.Equal([true, false], excluded.Items.Select(i => i.Pinned));
    }

    [Theory]
    [InlineData(ApiRole.Reader)]
    [InlineData(ApiRole.Partner)]
    public async Task Pins_TheCallerMayNotRead_AreLeftOut_AndSoAreUnpinnedOnes(ApiRole role)
    {
        var editor = api.CreateClient();
        var desk = await Desk.OpenAsync(editor);
        var (tag, entity) = (await editor.CreateTagAsync(), await editor.CreateEntityAsync("Kidal", EntityType.Place));
        var now = api.Clock.GetUtcNow().UtcDateTime;
        ArticleRequest Story(string headline) => desk.Article(headline, Published.AddDays(-2)) with { TagIds = [tag.Id], EntityIds = [entity.Id] };
        var states = new Dictionary<string, ArticleRequest>
        {
            ["draft"] = Story("Draft") with { Status = ArticleStatus.Draft, PublishAt = null },
            ["scheduled, future"] = Story("Scheduled") with { Status = ArticleStatus.Scheduled, PublishAt = now.AddDays(30) },
            ["published, future time"] = Story("Published later") with { PublishAt = now.AddDays(30) },
            ["archived"] = Story("Archived") with { Status = ArticleStatus.Archived },
            ["not syndicated"] = Story("Not syndicated") with { Syndication = new SyndicationDto(Allowed: false) },
            ["syndication expired"] = Story("Expired") with { Syndication = new SyndicationDto(true, ExpiresAt: now.AddDays(-1)) },
            ["scheduled, past"] = Story("Scheduled, live") with { Status = ArticleStatus.Scheduled, PublishAt = now.AddDays(-1) },
            ["published"] = Story("Published"),
        };
        await PadAsync(desk);
        var made = new Dictionary<string, ArticleResponse>();
        foreach (var (state, request) in states)
        {
            made[state] = await desk.CreateAsync(request);
        }

        var pinning = await desk.CreateAsync(desk.Article("Pinning source", Published) with
        {
            TagIds = [tag.Id], EntityIds = [entity.Id], RelatedArticleIds = [.. made.Values.Select(a => a.Id)],
        });
        var scoring = await desk.CreateAsync(desk.Article("Scoring source", Published.AddDays(-10)) with { TagIds = [tag.Id], EntityIds = [entity.Id] });
        string[] live = role == ApiRole.Partner ? ["scheduled, past", "published"] : ["not syndicated", "syndication expired", "scheduled, past", "published"];
        using var client = api.CreateClientFor(role);

        var pinned = await RelatedAsync(client, $"/v1/articles/{pinning.Slug}/related?limit=50");
        var scored = await RelatedAsync(client, $"/v1/articles/{scoring.Slug}/related?limit=50");
        var forEditor = await RelatedAsync(editor, $"/v1/articles/{pinning.Slug}/related?limit=50");

        Assert.Equal(made.Values.Select(a => a.Id), Ids(forEditor).Take(made.Count));
        Assert.Equal(live.Select(s => made[s].Id), pinned.Items.Where(i => i.Pinned).Select(i => i.Article.Id));
        Assert.Equal(
            live.Select(s => made[s].Id).Append(pinning.Id).Order(StringComparer.Ordinal),
            scored.Items.Select(i => i.Article.Id).Order(StringComparer.Ordinal));
        Assert.All(scored.Items, i => Assert.False(i.Pinned));
    }

    [Fact]
    public async Task Related_ScheduledArticle_AppearsOnceItsTimeHasCome()
    {
        var (desk, source, related) = await SmallCorpusAsync(api, 1);
        var at = api.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        var scheduled = await desk.CreateAsync(desk.Article("Later", Published) with
        {
            Status = ArticleStatus.Scheduled, PublishAt = at, TagIds = related[0].Tags.Select(t => t.Id).ToList(), EntityIds = related[0].Entities.Select(e => e.Id).ToList(),
        });
        await PinAsync(desk.Client, source, scheduled);
        using var reader = api.CreateClientFor(ApiRole.Reader);
        var url = $"/v1/articles/{source.Slug}/related?limit=10";

        Assert.Equal([related[0].Id], Ids(await RelatedAsync(reader, url)));
        api.Clock.Advance(TimeSpan.FromHours(2));

        var list = await RelatedAsync(reader, url);
        Assert.Equal([scheduled.Id, related[0].Id], Ids(list));
        Assert.True(list.Items[0].Pinned);
    }

    // ---- Filters ----

    [Fact]
    public async Task Related_Filters_BySectionTagSinceAndExclude()
    {
        var editor = api.CreateClient();
        var desk = await Desk.OpenAsync(editor);
        var other = await Desk.OpenAsync(editor);
        var (sahel, security) = (await editor.CreateTagAsync("Sahel"), await editor.CreateTagAsync("Security"));
        var wagner = await editor.CreateEntityAsync("Wagner Group", EntityType.Organisation);
        var source = await desk.CreateAsync(desk.Article("Source", Published) with { TagIds = [sahel.Id, security.Id], EntityIds = [wagner.Id] });
        var inSection = await desk.CreateAsync(desk.Article("Same section, Sahel", Published.AddDays(-1)) with { TagIds = [sahel.Id], EntityIds = [wagner.Id] });
        var otherSection = await other.CreateAsync(other.Article("Other section, Sahel", Published.AddDays(-2)) with { TagIds = [sahel.Id], EntityIds = [wagner.Id] });
        var noSahel = await desk.CreateAsync(desk.Article("Same section, security only", Published.AddDays(-10)) with { TagIds = [security.Id], EntityIds = [wagner.Id] });
        var older = await desk.CreateAsync(desk.Article("Older, Sahel", Published.AddDays(-20)) with { TagIds = [sahel.Id] });
        await PadAsync(desk);
        using var reader = api.CreateClientFor(ApiRole.Reader);
        var url = $"/v1/articles/{source.Slug}/related?limit=50";
        async Task<List<string>> Filtered(string filter) => [.. Ids(await RelatedAsync(reader, $"{url}&{filter}")).Order(StringComparer.Ordinal)];
        List<string> Of(params ArticleResponse[] articles) => [.. articles.Select(a => a.Id).Order(StringComparer.Ordinal)];
        var sinceTime = otherSection.PublishedAt!.Value;
        var sinceWithOffset = new DateTimeOffset(sinceTime).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        Assert.Equal(Of(inSection, otherSection, noSahel, older), await Filtered("halfLifeDays=180"));
        Assert.Equal(Of(otherSection), await Filtered($"section={Uri.EscapeDataString(other.Section)}"));
        Assert.Equal(Of(inSection, noSahel, older), await Filtered(desk.SectionQuery));
        Assert.Equal(Of(inSection, otherSection, older), await Filtered($"tag={sahel.Slug}"));
        Assert.Equal(Of(inSection, otherSection, older), await Filtered($"tag={sahel.Id}"));
        Assert.Empty(await Filtered("tag=no-such-tag"));
        Assert.Equal(Of(inSection, otherSection), await Filtered($"since={QueryTestHelpers.Iso(sinceTime)}"));
        Assert.Equal(Of(inSection, otherSection), await Filtered($"since={Uri.EscapeDataString(sinceWithOffset)}"));
        Assert.Equal(Of(inSection), await Filtered($"since={QueryTestHelpers.Iso(sinceTime.AddSeconds(1))}"));
        Assert.Equal(Of(otherSection, older), await Filtered($"exclude={inSection.Id},{noSahel.Slug}"));
        Assert.Equal(Of(older), await Filtered($"{desk.SectionQuery}&tag={sahel.Slug}&exclude={inSection.Slug}"));
    }

    // ---- Near-duplicates and common features ----

    [Fact]
    public async Task Related_NearDuplicatePublishedWithin48Hours_IsDropped_ButTheSameFeaturesLaterAreKept()
    {
        var editor = api.CreateClient();
        var desk = await Desk.OpenAsync(editor);
        var (tag, entity) = (await editor.CreateTagAsync("Bamako"), await editor.CreateEntityAsync("Assimi Goïta", EntityType.Person));
        ArticleRequest Story(string headline, DateTime at) => desk.Article(headline, at) with { TagIds = [tag.Id], EntityIds = [entity.Id] };
        await PadAsync(desk);
        var source = await desk.CreateAsync(Story("Junta leader speaks", Published));
        var repeat = await desk.CreateAsync(Story("Junta leader speaks (update)", Published.AddHours(20)));
        var rewrite = await desk.CreateAsync(Story("Junta leader speaks (second take)", Published.AddHours(-47)));
        var weekEarlier = await desk.CreateAsync(Story("Junta leader spoke last week", Published.AddDays(-7)));
        using var reader = api.CreateClientFor(ApiRole.Reader);

        var list = await RelatedAsync(reader, $"/v1/articles/{source.Slug}/related?limit=50");

        var kept = Assert.Single(list.Items);
        Assert.Equal(weekEarlier.Id, kept.Article.Id);
        Assert.True(kept.Similarity >= 0.98, $"Same features should be near-duplicate similar: {kept.Similarity}.");
        Assert.DoesNotContain(repeat.Id, Ids(list));
        Assert.DoesNotContain(rewrite.Id, Ids(list));
    }

    [Fact]
    public async Task Related_CommonFeature_IsWalkedWhenUnderTheMinimum()
    {
        var corpus = await CommonFeatureCorpusAsync(api.CreateClient());
        using var reader = api.CreateClientFor(ApiRole.Reader);

        var ids = Ids(await RelatedAsync(reader, $"/v1/articles/{corpus.Source.Slug}/related?limit=50"));

        Assert.Equal(corpus.OnlyCommon.Append(corpus.CommonAndRare).Select(a => a.Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Related_CommonFeature_CannotMakeAnArticleRelatedAlone_ButAddsItsWeightToOnesFoundOtherwise()
    {
        await using var small = new CommonFeatureFactory();
        var corpus = await CommonFeatureCorpusAsync(small.CreateClient());
        using var reader = small.CreateClientFor(ApiRole.Reader);

        var list = await RelatedAsync(reader, $"/v1/articles/{corpus.Source.Slug}/related?limit=50");

        var item = Assert.Single(list.Items);
        Assert.Equal(corpus.CommonAndRare.Id, item.Article.Id);
        Assert.Equal(new[] { corpus.Common.Slug, corpus.Rare.Slug }.Order(StringComparer.Ordinal), item.Reasons.Select(r => r.Value).Order(StringComparer.Ordinal));
        Assert.All(item.Reasons, r => Assert.True(r.Weight > 0, $"{r.Value} adds {r.Weight}."));
        Assert.True(Math.Abs(item.Reasons.Sum(r => r.Weight) - item.Score!.Value) < Tolerance);
    }

    /// <summary>Found as a bug: a shortlist by a cheap first score dropped the best article; candidates are now ranked by an upper bound.</summary>
    [Fact]
    public async Task Related_TheBestScoredCandidate_IsNotLostAmongMoreThan200WeakerOnes()
    {
        // 245 weak candidates, five on each of 49 places the source mentions; one strong candidate sharing a rare
        // event, which also carries 40 everyday tags (on 40 other articles) that make it long but barely heavier.
        await using var big = new TagsAndEntitiesApi();
        using var editor = big.CreateClient();
        var desk = await Desk.OpenAsync(editor);
        List<EntityResponse> places = [];
        for (var i = 0; i < 49; i++)
        {
            places.Add(await editor.CreateEntityAsync($"Village {i}", EntityType.Place));
        }

        var summit = await editor.CreateEntityAsync("Bamako summit", EntityType.Event);
        List<TagResponse> everyday = [];
        for (var i = 0; i < 40; i++)
        {
            everyday.Add(await editor.CreateTagAsync($"Everyday {i}"));
        }

        var at = Published.AddDays(-5);
        var source = await desk.CreateAsync(desk.Article("Source", Published) with { EntityIds = [.. places.Select(p => p.Id), summit.Id] });
        var strong = await desk.CreateAsync(desk.Article("The summit", at) with { EntityIds = [summit.Id], TagIds = [.. everyday.Select(t => t.Id)] });
        foreach (var place in places)
        {
            for (var j = 0; j < 5; j++)
            {
                await desk.CreateAsync(desk.Article($"{place.Name}, report {j}", at) with { EntityIds = [place.Id] });
            }
        }

        for (var k = 0; k < 40; k++)
        {
            await desk.CreateAsync(desk.Article($"Everyday story {k}", Published.AddDays(-60)) with { TagIds = [.. everyday.Select(t => t.Id)] });
        }

        using var reader = big.CreateClientFor(ApiRole.Reader);
        var alone = Assert.Single((await RelatedAsync(reader, $"/v1/articles/{source.Slug}/related?tag={everyday[0].Slug}")).Items);
        Assert.Equal(strong.Id, alone.Article.Id);

        var list = await RelatedAsync(reader, $"/v1/articles/{source.Slug}/related");

        Assert.All(list.Items.Where(i => i.Article.Id != strong.Id), i => Assert.True(alone.Score > i.Score, $"The summit story scores {alone.Score}, '{i.Article.Headline}' {i.Score}."));
        Assert.Equal(strong.Id, list.Items[0].Article.Id);
    }

    // ---- The index follows writes ----

    [Fact]
    public async Task Related_FollowsEditsDeletesAndNewArticles()
    {
        var editor = api.CreateClient();
        var desk = await Desk.OpenAsync(editor);
        var (tag, elsewhere) = (await editor.CreateTagAsync("Mopti"), await editor.CreateTagAsync("Elsewhere"));
        var rare = await editor.CreateEntityAsync("Mopti region", EntityType.Place);
        ArticleRequest Story(string headline, int daysBefore) => desk.Article(headline, Published.AddDays(-daysBefore)) with { TagIds = [tag.Id], EntityIds = [rare.Id] };
        await PadAsync(desk);
        var source = await desk.CreateAsync(Story("Source", 0));
        var edited = await desk.CreateAsync(Story("To be edited", 3));
        var deleted = await desk.CreateAsync(Story("To be deleted", 4));
        var unpublished = await desk.CreateAsync(Story("To be unpublished", 5));
        var kept = await desk.CreateAsync(Story("Kept", 6));
        using var reader = api.CreateClientFor(ApiRole.Reader);
        var url = $"/v1/articles/{source.Slug}/related?limit=50";
        async Task<List<string>> Related() => [.. Ids(await RelatedAsync(reader, url)).Order(StringComparer.Ordinal)];
        List<string> Of(params ArticleResponse[] articles) => [.. articles.Select(a => a.Id).Order(StringComparer.Ordinal)];
        Assert.Equal(Of(edited, deleted, unpublished, kept), await Related());

        using (var patched = await editor.MergePatchAsync($"/v1/articles/{edited.Slug}", $$"""{"tagIds":["{{elsewhere.Id}}"],"entityIds":[]}"""))
        {
            await patched.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Assert.Equal(Of(deleted, unpublished, kept), await Related());

        using (var removed = await editor.DeleteAsync($"/v1/articles/{deleted.Slug}"))
        {
            await removed.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        Assert.Equal(Of(unpublished, kept), await Related());

        using (var drafted = await editor.MergePatchAsync($"/v1/articles/{unpublished.Slug}", """{"status":"draft"}"""))
        {
            await drafted.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Assert.Equal(Of(kept), await Related());

        var created = await desk.CreateAsync(desk.Article("New, sharing the rare place", Published.AddDays(-7)) with { EntityIds = [rare.Id] });
        Assert.Equal(Of(kept, created), await Related());

        using (var back = await editor.MergePatchAsync($"/v1/articles/{edited.Slug}", $$"""{"tagIds":["{{tag.Id}}"]}"""))
        {
            await back.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Assert.Equal(Of(kept, created, edited), await Related());
    }

    [Fact]
    public async Task Related_FollowsAChangeToTheSourcesOwnTagsAndEntities()
    {
        var editor = api.CreateClient();
        var desk = await Desk.OpenAsync(editor);
        var (first, second) = (await editor.CreateTagAsync("Gao"), await editor.CreateTagAsync("Timbuktu"));
        var source = await desk.CreateAsync(desk.Article("Source", Published) with { TagIds = [first.Id] });
        var byFirst = await desk.CreateAsync(desk.Article("Gao story", Published.AddDays(-5)) with { TagIds = [first.Id] });
        var bySecond = await desk.CreateAsync(desk.Article("Timbuktu story", Published.AddDays(-5)) with { TagIds = [second.Id] });
        await PadAsync(desk);
        using var reader = api.CreateClientFor(ApiRole.Reader);
        var url = $"/v1/articles/{source.Slug}/related";
        Assert.Equal([byFirst.Id], Ids(await RelatedAsync(reader, url)));

        using (var patched = await editor.MergePatchAsync($"/v1/articles/{source.Slug}", $$"""{"tagIds":["{{second.Id}}"]}"""))
        {
            await patched.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Assert.Equal([bySecond.Id], Ids(await RelatedAsync(reader, url)));
    }

    [Fact]
    public async Task Related_Reasons_FollowARenameAndATypeChangeOfAnEntity()
    {
        var (desk, source, related) = await SmallCorpusAsync(api, 1);
        var entity = source.Entities.Single();
        using var reader = api.CreateClientFor(ApiRole.Reader);
        var url = $"/v1/articles/{source.Slug}/related";
        var before = Assert.Single(Assert.Single((await RelatedAsync(reader, url)).Items).Reasons, r => r.Value == entity.Slug);
        Assert.Equal(("place", entity.Name), (before.Kind, before.Name));

        using (var patched = await desk.Client.MergePatchAsync($"/v1/entities/{entity.Id}", """{"name":"Liptako-Gourma summit","type":"event"}"""))
        {
            await patched.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var item = Assert.Single((await RelatedAsync(reader, url)).Items);
        Assert.Equal(related[0].Id, item.Article.Id);
        var after = Assert.Single(item.Reasons, r => r.Value == entity.Slug);
        Assert.Equal(("event", "Liptako-Gourma summit"), (after.Kind, after.Name));
        Assert.True(after.Weight > before.Weight, $"An event weighs 1.5, a place 0.8: {before.Weight} then {after.Weight}.");
        Assert.True(Math.Abs(item.Reasons.Sum(r => r.Weight) - item.Score!.Value) < Tolerance);
    }

    // ---- Addressing and validation ----

    [Fact]
    public async Task Related_UnderAFormerSlug_Answers308ToTheCurrentOne()
    {
        var (desk, source, related) = await SmallCorpusAsync(api, 2);
        var newSlug = TestData.Unique("renamed");
        using (var renamed = await desk.Client.MergePatchAsync($"/v1/articles/{source.Slug}", $$"""{"slug":"{{newSlug}}"}"""))
        {
            await renamed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var reader = api.CreateClientFor(ApiRole.Reader, new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await reader.GetAsync($"/v1/articles/{source.Slug}/related?limit=1");

        await response.ShouldHaveStatusAsync(HttpStatusCode.PermanentRedirect);
        Assert.Equal($"/v1/articles/{newSlug}/related?limit=1", response.Headers.Location?.OriginalString);
        var current = await RelatedAsync(reader, $"/v1/articles/{newSlug}/related?limit=5");
        Assert.Equal(related.Select(a => a.Id).Order(StringComparer.Ordinal), Ids(current).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("no-such-article")]
    [InlineData("2147483000")]
    public async Task Related_OfAnUnknownArticle_Is404Problem(string idOrSlug)
    {
        using var reader = api.CreateClientFor(ApiRole.Reader);

        using var response = await reader.GetAsync($"/v1/articles/{idOrSlug}/related");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=51", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("include=comments", "include")]
    [InlineData("include=tags,comments", "include")]
    [InlineData("halfLifeDays=-1", "halfLifeDays")]
    [InlineData("halfLifeDays=36501", "halfLifeDays")]
    [InlineData("halfLifeDays=NaN", "halfLifeDays")]
    [InlineData("halfLifeDays=Infinity", "halfLifeDays")]
    public async Task Related_WithAnInvalidParameter_Is400Problem(string query, string field)
    {
        var (_, source, _) = await SmallCorpusAsync(api, 1);
        using var reader = api.CreateClientFor(ApiRole.Reader);

        using var response = await reader.GetAsync($"/v1/articles/{source.Slug}/related?{query}");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.True(errors.ContainsKey(field), $"Expected an error for '{field}', got: {string.Join(", ", errors.Keys)}.");
    }

    [Theory]
    [InlineData("0.0001")]
    [InlineData("0.001")]
    public Task Related_WithATinyHalfLife_ScalesBySameInstantOrFloor(string halfLifeDays) => TinyHalfLifeAsync(halfLifeDays);

    /// <summary>Found as a bug: a half-life that rounded to zero ticks made a NaN score and a 500; such values are now refused.</summary>
    [Theory]
    [InlineData("1e-15")]
    [InlineData("4.9E-324")]
    [InlineData("0.00009")]
    public async Task Related_WithAHalfLifeBelowTheMinimum_Is400Problem(string halfLifeDays)
    {
        var (_, source, _) = await SmallCorpusAsync(api, 1);
        using var reader = api.CreateClientFor(ApiRole.Reader);

        using var response = await reader.GetAsync($"/v1/articles/{source.Slug}/related?halfLifeDays={halfLifeDays}");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.True(errors.ContainsKey("halfLifeDays"), $"Expected an error for 'halfLifeDays', got: {string.Join(", ", errors.Keys)}.");
    }

    [Fact]
    public async Task Related_ExcludingMoreThan100Articles_Is400Problem()
    {
        var (_, source, _) = await SmallCorpusAsync(api, 1);
        using var reader = api.CreateClientFor(ApiRole.Reader);
        var exclude = string.Join(',', Enumerable.Range(1, 101).Select(i => $"no-such-article-{i}"));

        using var response = await reader.GetAsync($"/v1/articles/{source.Slug}/related?exclude={exclude}");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.True(errors.ContainsKey("exclude"), $"Expected an error for 'exclude', got: {string.Join(", ", errors.Keys)}.");
    }

    [Fact]
    public async Task Related_LimitAtTheBounds_IsAccepted()
    {
        var (_, source, related) = await SmallCorpusAsync(api, 2);
        using var reader = api.CreateClientFor(ApiRole.Reader);

        Assert.Single((await RelatedAsync(reader, $"/v1/articles/{source.Slug}/related?limit=1")).Items);
        Assert.Equal(related.Count, (await RelatedAsync(reader, $"/v1/articles/{source.Slug}/related?limit=50&halfLifeDays=36500")).Items.Count);
    }

    // ---- Helpers ----

    private static async Task<RelatedList> RelatedAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadAsync<RelatedList>();
    }

    private static List<string> Ids(RelatedList list) => [.. list.Items.Select(i => i.Article.Id)];

    private static int Rank(List<string> ids, ArticleResponse article) => ids.IndexOf(article.Id);

    private static RelatedArticle Item(RelatedList list, ArticleResponse article) =>
        list.Items.SingleOrDefault(i => i.Article.Id == article.Id)
        ?? throw new Xunit.Sdk.XunitException($"'{article.Headline}' is not among the related: {string.Join(" | ", list.Items.Select(i => i.Article.Headline))}.");

    /// <summary>With any half-life, an article published at the source's instant is scaled by 1 and one published days earlier by the floor.</summary>
    private async Task TinyHalfLifeAsync(string halfLifeDays)
    {
        var (desk, source, related) = await SmallCorpusAsync(api, 1);
        var sameInstant = await desk.CreateAsync(desk.Article("Same instant", source.PublishedAt) with { TagIds = [source.Tags.Single().Id] });
        using var reader = api.CreateClientFor(ApiRole.Reader);

        var list = await RelatedAsync(reader, $"/v1/articles/{source.Slug}/related?halfLifeDays={halfLifeDays}");

        Assert.Equal(1.0, Item(list, sameInstant).Recency);
        Assert.Equal(0.3, Item(list, related[0]).Recency);
    }

    /// <summary>
    /// Articles with no tags or entities. IDF is ln(N / df): a feature on every article in the database weighs
    /// nothing, so a test that may run alone adds a few articles that share nothing.
    /// </summary>
    private static async Task PadAsync(Desk desk, int count = 3)
    {
        for (var i = 1; i <= count; i++)
        {
            await desk.CreateAsync(desk.Article($"Unrelated {i}", Published.AddDays(-30 - i)));
        }
    }

    private static async Task PinAsync(HttpClient editor, ArticleResponse source, params ArticleResponse[] pins)
    {
        var ids = string.Join(',', pins.Select(p => $"\"{p.Id}\""));
        using var response = await editor.MergePatchAsync($"/v1/articles/{source.Slug}", $$"""{"relatedArticleIds":[{{ids}}]}""");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    /// <summary>A source and <paramref name="count"/> stories sharing its own tag and place, a day apart from four days before it on (outside the near-duplicate window).</summary>
    private static async Task<(Desk Desk, ArticleResponse Source, List<ArticleResponse> Related)> SmallCorpusAsync(ContentApiFactory factory, int count)
    {
        var editor = factory.CreateClient();
        var desk = await Desk.OpenAsync(editor);
        var (tag, place) = (await editor.CreateTagAsync("Menaka"), await editor.CreateEntityAsync("Menaka", EntityType.Place));
        ArticleRequest Story(string headline, DateTime at) => desk.Article(headline, at) with { TagIds = [tag.Id], EntityIds = [place.Id] };
        await PadAsync(desk);
        var source = await desk.CreateAsync(Story("Source", Published));
        List<ArticleResponse> related = [];
        for (var i = 1; i <= count; i++)
        {
            related.Add(await desk.CreateAsync(Story($"Related {i}", Published.AddDays(-3 - i))));
        }

        return (desk, source, related);
    }

    private sealed record CommonFeatureCorpus(ArticleResponse Source, TagResponse Common, EntityResponse Rare, List<ArticleResponse> OnlyCommon, ArticleResponse CommonAndRare);

    /// <summary>
    /// A tag on five articles (the source, three sharing only it, one sharing it and a rare organisation),
    /// and five fillers, so the tag is common to a factory that calls more than three articles common.
    /// </summary>
    private static async Task<CommonFeatureCorpus> CommonFeatureCorpusAsync(HttpClient editor)
    {
        var desk = await Desk.OpenAsync(editor);
        var (common, filler) = (await editor.CreateTagAsync("Africa"), await editor.CreateTagAsync("Filler"));
        var rare = await editor.CreateEntityAsync("Africa Corps", EntityType.Organisation);
        var source = await desk.CreateAsync(desk.Article("Source", Published) with { TagIds = [common.Id], EntityIds = [rare.Id] });
        List<ArticleResponse> onlyCommon = [];
        for (var i = 1; i <= 3; i++)
        {
            onlyCommon.Add(await desk.CreateAsync(desk.Article($"Only the common tag {i}", Published.AddDays(-i)) with { TagIds = [common.Id] }));
        }

        var both = await desk.CreateAsync(desk.Article("Common tag and rare organisation", Published.AddDays(-5)) with { TagIds = [common.Id], EntityIds = [rare.Id] });
        for (var i = 1; i <= 5; i++)
        {
            await desk.CreateAsync(desk.Article($"Filler {i}", Published.AddDays(-i)) with { TagIds = [filler.Id] });
        }

        return new CommonFeatureCorpus(source, common, rare, onlyCommon, both);
    }

    /// <summary>A feature on more than three articles is common: not walked.</summary>
    private sealed class CommonFeatureFactory() : ConfiguredApiFactory(("Related:CommonFeatureMinimum", "3"), ("Related:CommonFeatureShare", "0"), WithoutTerms);

    /// <summary>A database holding only the Sahel corpus, built on first use. Tests that share it must not write to it.</summary>
    public class SahelNewsroom : ConfiguredApiFactory
    {
        private readonly Lazy<Task<SahelCorpus>> _corpus;

        public SahelNewsroom()
            : this(WithoutTerms)
        {
        }

        protected SahelNewsroom(params (string Key, string Value)[] settings)
            : base(settings) => _corpus = new(() => SahelCorpus.BuildAsync(this));

        internal Task<SahelCorpus> CorpusAsync() => _corpus.Value;
    }

    /// <summary>One article of the corpus and the request that made it.</summary>
    internal sealed record Built(string Name, ArticleResponse Article, ArticleRequest Request);

    /// <summary>What the formula says a candidate should get; Reasons by feature slug.</summary>
    internal sealed record Expected(string Name, string Id, double Similarity, double Recency, double Score, bool NearDuplicate, Dictionary<string, double> Reasons);

    /// <summary>
    /// Stories about the Sahel, Wagner and Russia's role in Mali; a generic story about Russia; a sports
    /// story; an interview sharing a rare person; an old analysis (twice, same time) with the same overlap
    /// as a recent story; economy fillers; and articles not every caller may read. A "news" tag is on
    /// most of them.
    /// </summary>
    internal sealed class SahelCorpus
    {
        private readonly List<Built> _articles = [];
        private readonly Dictionary<string, EntityType> _entityTypes = [];
        private readonly Dictionary<string, string> _slugs = [];
        private readonly DateTime _now;

        private SahelCorpus(Desk desk, DateTime now) => (Desk, _now) = (desk, now);

        public Desk Desk { get; }
        public TagResponse Sahel { get; private set; } = null!;
        public TagResponse Ubiquitous { get; private set; } = null!;
        public EntityResponse Mali { get; private set; } = null!;
        public EntityResponse Wagner { get; private set; } = null!;
        public EntityResponse Russia { get; private set; } = null!;
        public EntityResponse Goita { get; private set; } = null!;

        public ArticleResponse Source => this["source"];
        public ArticleResponse WagnerWithdraws => this["wagner withdraws"];
        public ArticleResponse JuntasTurnToWagner => this["juntas turn to wagner"];
        public ArticleResponse RussiasRoleInMali => this["russia's role in mali"];
        public ArticleResponse RussianEconomy => this["russian economy"];
        public ArticleResponse GoitaInterview => this["goita interview"];
        public ArticleResponse CupFinal => this["cup final"];
        public ArticleResponse OldAnalysis => this["old analysis"];
        public ArticleResponse OldAnalysisReprint => this["old analysis reprint"];
        public ArticleResponse Draft => this["draft"];
        public ArticleResponse Future => this["scheduled, future"];
        public ArticleResponse Archived => this["archived"];
        public ArticleResponse Unsyndicated => this["not syndicated"];

        private ArticleResponse this[string name] => _articles.Single(a => a.Name == name).Article;

        public ArticleResponse ById(string id) => _articles.Single(a => a.Article.Id == id).Article;

        public string NameOf(string id) => _articles.SingleOrDefault(a => a.Article.Id == id)?.Name ?? $"(not in the corpus: {id})";

        /// <summary>The slugs of an article's tags and entities.</summary>
        public static HashSet<string> SlugsOf(ArticleResponse article) => [.. article.Tags.Select(t => t.Slug).Concat(article.Entities.Select(e => e.Slug))];

        public static async Task<SahelCorpus> BuildAsync(ContentApiFactory api)
        {
            using var editor = api.CreateClient();
            var corpus = new SahelCorpus(await Desk.OpenAsync(editor, "Sahel Correspondent"), api.Clock.GetUtcNow().UtcDateTime);
            var sahel = corpus.Sahel = await corpus.TagAsync(editor, "Sahel");
            var news = corpus.Ubiquitous = await corpus.TagAsync(editor, "News");
            var economy = await corpus.TagAsync(editor, "Economy");
            var football = await corpus.TagAsync(editor, "Football");
            var mali = corpus.Mali = await corpus.EntityAsync(editor, "Mali", EntityType.Place);
            var wagner = corpus.Wagner = await corpus.EntityAsync(editor, "Wagner Group", EntityType.Organisation);
            var russia = corpus.Russia = await corpus.EntityAsync(editor, "Russia", EntityType.Place);
            var goita = corpus.Goita = await corpus.EntityAsync(editor, "Assimi Goïta", EntityType.Person);
            var stadium = await corpus.EntityAsync(editor, "Stade du 26 Mars", EntityType.Place);
            var t = Published;
            var desk = corpus.Desk;
            ArticleRequest Story(string headline, DateTime at, TagResponse[] tags, EntityResponse[] entities) =>
                desk.Article(headline, at) with { TagIds = [.. tags.Select(x => x.Id)], EntityIds = [.. entities.Select(x => x.Id)] };

            await corpus.AddAsync(editor, "source", Story("Wagner fighters and Russia's role in Mali", t, [sahel, news], [mali, wagner, russia, goita]));
            await corpus.AddAsync(editor, "wagner withdraws", Story("Wagner withdraws from Mali as Africa Corps moves in", t.AddDays(-5), [sahel, news], [mali, wagner, russia]));
            await corpus.AddAsync(editor, "juntas turn to wagner", Story("Sahel juntas turn to Wagner for security", t.AddDays(-3), [sahel, news], [mali, wagner]));
            await corpus.AddAsync(editor, "russia's role in mali", Story("Russia's role in Mali, a year on", t.AddDays(-2), [news], [mali, russia]));
            await corpus.AddAsync(editor, "russian economy", Story("Russia's economy under sanctions", t.AddHours(1), [economy, news], [russia]));
            await corpus.AddAsync(editor, "goita interview", Story("Interview: Assimi Goïta", t.AddDays(-4), [news], [goita]));
            await corpus.AddAsync(editor, "cup final", Story("Cup final goes to penalties", t, [football, news], [stadium]));
            await corpus.AddAsync(editor, "old analysis", Story("Analysis: Russia and Mali", t.AddYears(-2), [news], [mali, russia]));
            await corpus.AddAsync(editor, "old analysis reprint", Story("Analysis: Russia and Mali (reprint)", t.AddYears(-2), [news], [mali, russia]));
            for (var i = 1; i <= 4; i++)
            {
                await corpus.AddAsync(editor, $"economy {i}", Story($"Markets, day {i}", t.AddDays(-i), [economy, news], []));
            }

            ArticleRequest Hidden(string headline) => Story(headline, t.AddDays(-1), [sahel], [wagner]);
            await corpus.AddAsync(editor, "draft", Hidden("Draft: Wagner in the Sahel") with { Status = ArticleStatus.Draft, PublishAt = null });
            await corpus.AddAsync(editor, "scheduled, future", Hidden("Scheduled: Wagner in the Sahel") with { Status = ArticleStatus.Scheduled, PublishAt = corpus._now.AddDays(30) });
            await corpus.AddAsync(editor, "archived", Hidden("Archived: Wagner in the Sahel") with { Status = ArticleStatus.Archived });
            await corpus.AddAsync(editor, "not syndicated", Hidden("Not for partners: Wagner in the Sahel") with { Syndication = new SyndicationDto(Allowed: false) });
            return corpus;
        }

        /// <summary>
        /// Every other article sharing a feature with the source that the caller may read, best first, scored here
        /// from the corpus alone: the database holds nothing else, so N and each document frequency are known. An
        /// article's features are the tags and entities it has as stored (the entities the service found in its
        /// text included), each entity scaled by its salience there.
        /// </summary>
        public List<Expected> Expect(ArticleResponse source, ApiRole role, double halfLifeDays)
        {
            var n = _articles.Count;
            var df = _articles.SelectMany(a => Features(a.Article).Keys).GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
            double Weight(string feature) => Math.Log((double)n / df[feature]) * KindWeight(feature);
            double Norm(Dictionary<string, double> features) => Math.Sqrt(features.Sum(f => Math.Pow(Weight(f.Key) * f.Value, 2)));
            var from = _articles.Single(a => a.Article.Id == source.Id);
            var sourceFeatures = Features(from.Article);
            var sourceNorm = Norm(sourceFeatures);
            List<(Expected Expected, DateTime? PublishedAt)> scored = [];
            foreach (var candidate in _articles.Where(a => a != from && MayRead(role, a.Article)))
            {
                var features = Features(candidate.Article);
                var shared = features.Keys.Intersect(sourceFeatures.Keys).ToList();
                if (shared.Count == 0)
                {
                    continue;
                }

                var norms = sourceNorm * Norm(features);
                double Product(string f) => Weight(f) * sourceFeatures[f] * Weight(f) * features[f];
                var similarity = shared.Sum(Product) / norms;
                double? apart = candidate.Article.PublishedAt is { } to && source.PublishedAt is { } at ? Math.Abs((to - at).TotalDays) : null;
                var recency = halfLifeDays == 0 || apart is null ? 1 : Math.Max(0.3, Math.Pow(2, -apart.Value / halfLifeDays));
                var reasons = shared.ToDictionary(f => _slugs[f], f => Product(f) / norms * recency);
                var nearDuplicate = similarity >= 0.98 && apart <= 2;
                scored.Add((new Expected(candidate.Name, candidate.Article.Id, similarity, recency, similarity * recency, nearDuplicate, reasons), candidate.Article.PublishedAt));
            }

            return
            [
                .. scored.OrderByDescending(s => s.Expected.Score).ThenByDescending(s => s.PublishedAt)
                    .ThenByDescending(s => int.Parse(s.Expected.Id, CultureInfo.InvariantCulture)).Select(s => s.Expected),
            ];
        }

        private bool MayRead(ApiRole role, ArticleResponse article) => role switch
        {
            ApiRole.Editor or ApiRole.Admin => true,
            _ => article.Status is ArticleStatus.Published or ArticleStatus.Scheduled && article.PublishedAt <= _now
                && (role != ApiRole.Partner || article.Syndication.Allowed),
        };

        private double KindWeight(string feature) => feature.StartsWith("tag:", StringComparison.Ordinal)
            ? 1.0
            : _entityTypes[feature] switch
            {
                EntityType.Person or EntityType.Organisation => 1.2,
                EntityType.Place => 0.8,
                EntityType.Event => 1.5,
                _ => 1.0,
            };

        /// <summary>An article's tags (salience 1) and entities with their salience, as stored; the index keeps salience as a float.</summary>
        private static Dictionary<string, double> Features(ArticleResponse article) =>
            article.Tags.Select(t => ($"tag:{t.Id}", 1.0))
                .Concat(article.EntityMentions.Select(m => ($"entity:{m.EntityId}", (double)(float)m.Salience)))
                .ToDictionary(f => f.Item1, f => f.Item2);

        private async Task<TagResponse> TagAsync(HttpClient editor, string name)
        {
            var tag = await editor.CreateTagAsync(name);
            _slugs[$"tag:{tag.Id}"] = tag.Slug;
            return tag;
        }

        private async Task<EntityResponse> EntityAsync(HttpClient editor, string name, EntityType type)
        {
            var entity = await editor.CreateEntityAsync(name, type);
            _slugs[$"entity:{entity.Id}"] = entity.Slug;
            _entityTypes[$"entity:{entity.Id}"] = type;
            return entity;
        }

        private async Task AddAsync(HttpClient editor, string name, ArticleRequest request) =>
            _articles.Add(new Built(name, await editor.CreateArticleAsync(request), request));
    }
}
