using System.Net;
using System.Net.Http.Json;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Related;
using ContentApi.Tags;
using ContentApi.Tests.Access;
using ContentApi.Tests.Query;

namespace ContentApi.Tests.Related;

/// <summary>
/// Related articles by the words of the story (key terms), with the service's defaults: stories sharing only words are
/// found, words on every article relate nothing, reasons name words as written, and the Sahel ordering still holds with
/// every kind of evidence on. Then POST /v1/articles/suggestions for editors' drafts.
/// </summary>
public sealed class RelatedTextTests(ContentApiFactory api, RelatedTextTests.DefaultSahelNewsroom newsroom)
    : IClassFixture<ContentApiFactory>, IClassFixture<RelatedTextTests.DefaultSahelNewsroom>
{
    private static readonly DateTime Published = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>The Sahel newsroom with the service's defaults: key terms count too.</summary>
    public sealed class DefaultSahelNewsroom() : RelatedArticlesTests.SahelNewsroom([]);

    /// <remarks>
    /// Not all of the ordering holds with the default weights: "Sahel juntas turn to Wagner for security" shares tags and
    /// entities but few words with the source, and the generic Russia story shares the word "Russia", so the junta story
    /// falls below it (RelatedArticlesTests checks the whole ordering over tags and entities alone).
    /// </remarks>
    [Fact]
    public async Task SahelOrdering_AndReasonsAddingUp_HoldWithKeyTermsOn()
    {
        var news = await newsroom.CorpusAsync();
        using var reader = newsroom.CreateClientFor(ApiRole.Reader);

        var related = await RelatedAsync(reader, $"/v1/articles/{news.Source.Slug}/related?limit=50");

        var ids = related.Items.Select(i => i.Article.Id).ToList();
        var generic = ids.IndexOf(news.RussianEconomy.Id);
        foreach (var story in new[] { news.WagnerWithdraws, news.RussiasRoleInMali })
        {
            var rank = ids.IndexOf(story.Id);
            Assert.True(rank >= 0 && (generic == -1 || rank < generic), $"'{story.Headline}' is at {rank}, the generic Russia story at {generic}.");
        }

        var sport = ids.IndexOf(news.CupFinal.Id);
        Assert.True(sport == -1 || sport > generic, $"The sports story is at {sport}, the generic Russia story at {generic}.");
        Assert.True(ids.IndexOf(news.RussiasRoleInMali.Id) < ids.IndexOf(news.OldAnalysis.Id), "The recent story beats the old one of equal overlap.");
        Assert.All(related.Items, i => Assert.Equal(i.Score!.Value, i.Reasons.Sum(r => r.Weight), 4));
        Assert.DoesNotContain(news.Draft.Id, ids);
    }

    [Fact]
    public async Task StorySharingOnlyWords_IsFound_WithTheWordsAsReasons_AsWritten()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var (cocoa, bahia) = (Unique("cocoa"), Unique("bahia"));
        await PadAsync(desk);
        var source = await desk.CreateAsync(desk.Article($"{Cap(bahia)} {cocoa} harvest improves", Published) with
        {
            Body = $"Showers in the {Cap(bahia)} {cocoa} zone eased the drought. Farmers expect a larger {cocoa} crop.",
        });
        var sharer = await desk.CreateAsync(desk.Article($"{Cap(cocoa)} arrivals rise", Published.AddDays(-3)) with
        {
            Body = $"Arrivals of {cocoa} from {Cap(bahia)} rose this week as the harvest began.",
        });
        using var reader = api.CreateClientFor(ApiRole.Reader);

        var related = await RelatedAsync(reader, $"/v1/articles/{source.Slug}/related?limit=10");

        var item = Assert.Single(related.Items, i => i.Article.Id == sharer.Id);
        Assert.All(item.Reasons, r => Assert.Equal("term", r.Kind));
        Assert.Contains(item.Reasons, r => r.Name == Cap(bahia));
        Assert.Contains(item.Reasons, r => r.Name == cocoa);
        Assert.Equal(item.Score!.Value, item.Reasons.Sum(r => r.Weight), 4);
    }

    [Fact]
    public async Task StopWordsAndWordsOnEveryArticle_NeverMakeTwoStoriesRelated()
    {
        await using var fresh = new ContentApiFactory();
        var desk = await Desk.OpenAsync(fresh.CreateClient());
        ArticleRequest Story(string headline) => desk.Article(headline, Published) with { Body = "It was the one and only of them all, as it is. Plain words in a plain paragraph." };
        var source = await desk.CreateAsync(Story("Alpha gamma"));
        await desk.CreateAsync(Story("Delta epsilon"));
        await desk.CreateAsync(Story("Zeta theta"));
        await desk.CreateAsync(Story("Iota kappa"));
        using var reader = fresh.CreateClientFor(ApiRole.Reader);

        var related = await RelatedAsync(reader, $"/v1/articles/{source.Slug}/related?limit=10");

        Assert.Empty(related.Items);
    }

    [Fact]
    public async Task ExplainFalse_LeavesOutTheReasons_NotTheScores()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = Unique("sorghum");
        await PadAsync(desk);
        var source = await desk.CreateAsync(desk.Article($"{Cap(word)} prices climb", Published) with { Body = $"The {word} harvest failed." });
        var other = await desk.CreateAsync(desk.Article($"{Cap(word)} exports stop", Published.AddDays(-2)) with { Body = $"No {word} left the port." });
        using var reader = api.CreateClientFor(ApiRole.Reader);

        var full = await RelatedAsync(reader, $"/v1/articles/{source.Slug}/related");
        var lean = await RelatedAsync(reader, $"/v1/articles/{source.Slug}/related?explain=false");

        Assert.Equal(full.Items.Select(i => (i.Article.Id, i.Score)), lean.Items.Select(i => (i.Article.Id, i.Score)));
        Assert.Contains(lean.Items, i => i.Article.Id == other.Id);
        Assert.All(lean.Items, i => Assert.Empty(i.Reasons));
    }

    // ---- Suggestions ----

    [Fact]
    public async Task Suggestions_NameEntitiesCandidatesTagsAndRelated_FromPublishedNeighboursOnly()
    {
        using var editor = api.CreateClient();
        var desk = await Desk.OpenAsync(editor);
        var (word, secret) = (Unique("millet"), Unique("hidden"));
        var (publicTag, secretTag) = (await editor.CreateTagAsync(), await editor.CreateTagAsync());
        var entity = await editor.CreateEntityAsync(Cap(Unique("kayes")), EntityType.Place);
        await PadAsync(desk);
        ArticleRequest Story(string headline, string body, TagResponse tag) =>
            desk.Article(headline, Published.AddDays(-1)) with { Body = body, TagIds = [tag.Id] };
        var published = await desk.CreateAsync(Story($"{Cap(word)} fields flood", $"The {word} fields near {entity.Name} flooded.", publicTag));
        var draft = await desk.CreateAsync(Story($"{Cap(word)} fields dry", $"The {word} fields near {entity.Name} dried. {secret}.", secretTag)
            with { Status = ArticleStatus.Draft, PublishAt = null });
        var embargoed = await desk.CreateAsync(Story($"{Cap(word)} fields burn", $"The {word} fields near {entity.Name} burned. {secret}.", secretTag)
            with { EmbargoUntil = api.Clock.GetUtcNow().UtcDateTime.AddDays(3) });

        using var response = await editor.PostAsJsonAsync("/v1/articles/suggestions", new SuggestionRequest(
            $"{Cap(word)} harvest in {entity.Name}", null, $"Farmers near {entity.Name} lost their {word}, {secret} says Moussa Traorex.", "en"));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var suggestions = await response.ReadAsync<SuggestionResponse>();
        Assert.Contains(suggestions.Entities, e => e.Entity.Id == entity.Id);
        Assert.Contains(suggestions.Candidates, c => c.Text == "Moussa Traorex");
        var tag = Assert.Single(suggestions.Tags, t => t.Tag.Id == publicTag.Id);
        Assert.Equal([published.Id], tag.SuggestedBy);
        Assert.DoesNotContain(suggestions.Tags, t => t.Tag.Id == secretTag.Id);
        Assert.Contains(suggestions.Related, r => r.Id == published.Id);
        Assert.DoesNotContain(suggestions.Related, r => r.Id == draft.Id || r.Id == embargoed.Id);
        Assert.All(suggestions.Related, r => Assert.Equal(r.Score, r.Reasons.Sum(x => x.Weight), 4));
    }

    [Theory]
    [InlineData(ApiRole.Reader, HttpStatusCode.Forbidden)]
    [InlineData(ApiRole.Partner, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Suggestions_AreForEditorsOnly(ApiRole? role, HttpStatusCode expected)
    {
        using var client = api.CreateClientFor(role);

        using var response = await client.PostAsJsonAsync("/v1/articles/suggestions", new SuggestionRequest("Headline", null, "Body.", "en"));

        await response.ShouldBeProblemAsync(expected);
    }

    [Theory]
    [InlineData("""{"headline":"","body":"x"}""", "headline")]
    [InlineData("""{"headline":"Fine","language":"not a language"}""", "language")]
    public async Task Suggestions_WithInvalidInput_Are400Problems(string json, string field)
    {
        using var editor = api.CreateClient();

        using var response = await editor.PostAsync("/v1/articles/suggestions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.True(errors.Keys.Any(k => k.Equals(field, StringComparison.OrdinalIgnoreCase)), $"Expected an error for '{field}', got: {string.Join(", ", errors.Keys)}.");
    }

    private static async Task<RelatedList> RelatedAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadAsync<RelatedList>();
    }

    /// <summary>A made-up word no other test writes: letters only, so it is one token and its own stem.</summary>
    internal static string Unique(string stem) => stem + new string([.. Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6).Select(c => (char)('k' + c - 'a'))]);

    internal static string Cap(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>Articles sharing nothing, so a word of the tests' own is rare in a database that may hold little else.</summary>
    internal static async Task PadAsync(Desk desk)
    {
        for (var i = 1; i <= 3; i++)
        {
            await desk.CreateAsync(desk.Article($"Unrelated {i}", Published.AddDays(-30 - i)));
        }
    }
}
