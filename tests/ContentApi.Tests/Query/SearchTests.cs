using System.Net;
using ContentApi.Bylines;
using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Tags;
using ContentApi.Tests.Articles;
using static ContentApi.Tests.Query.QueryTestHelpers;

namespace ContentApi.Tests.Query;

/// <summary>
/// GET /v1/articles?q=: full-text search over headline, standfirst, body and the names of tags,
/// bylines and entities, ranked by relevance, with phrases, prefixes, folded diacritics and snippets.
/// Each test searches for words only its own articles contain.
/// </summary>
public sealed class SearchTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("headline")]
    [InlineData("standfirst")]
    [InlineData("body")]
    public async Task Word_InTheText_FindsTheArticle(string where)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = UniqueWord();
        var article = desk.Article(where == "headline" ? $"Talks on {word} resume" : "Talks resume");
        article = where switch
        {
            "standfirst" => article with { Standfirst = $"The {word} question returns." },
            "body" => article with { Body = $"First paragraph.\n\nThe **{word}** question returns." },
            _ => article,
        };
        var hit = await desk.CreateAsync(article);
        await desk.PublishAsync("Talks resume elsewhere");

        var page = await api.CreateClient().ListArticlesAsync($"/v1/articles?q={word}");

        Assert.Equal([hit.Id], page.Items.Ids());
    }

    [Theory]
    [InlineData("tag")]
    [InlineData("byline")]
    [InlineData("entity")]
    [InlineData("entity alias")]
    public async Task Name_OfALinkedTagBylineOrEntity_FindsTheArticle(string what)
    {
        var client = api.CreateClient();
        var word = UniqueWord();
        var desk = await Desk.OpenAsync(client, bylineName: what == "byline" ? $"Amadou {word}" : null);
        var article = desk.Article("Ministers meet");
        article = what switch
        {
            "tag" => article with { TagIds = [(await client.CreateTagAsync($"Sahel {word}")).Id] },
            "entity" => article with { EntityIds = [(await client.CreateEntityAsync($"{word} Institute")).Id] },
            "entity alias" => article with
            {
                EntityIds = [(await client.PostAndReadAsync<EntityResponse>("/v1/entities", new EntityRequest(
                    TestData.Unique("entity"), "Some Organisation", EntityType.Organisation, [word]))).Id],
            },
            _ => article,
        };
        var hit = await desk.CreateAsync(article);

        var page = await client.ListArticlesAsync($"/v1/articles?q={word}");

        Assert.Equal([hit.Id], page.Items.Ids());
    }

    [Fact]
    public async Task Words_AreAllRequired()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var (one, two) = (UniqueWord(), UniqueWord());
        var both = await desk.PublishAsync($"{one} and {two}");
        await desk.PublishAsync($"Only {one}");
        await desk.PublishAsync($"Only {two}");

        var page = await desk.Client.ListArticlesAsync($"/v1/articles?q={one}%20{two}");

        Assert.Equal([both.Id], page.Items.Ids());
    }

    [Fact]
    public async Task HeadlineMatch_RanksAboveBodyOnlyMatch_AndRelevanceIsTheDefaultSort()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = UniqueWord();
        // The body-only match is newer and created last, so neither date nor id order would put the headline match first.
        var inHeadline = await desk.PublishAsync($"The {word} affair", Desk.Epoch.AddHours(1));
        var inBody = await desk.CreateAsync(desk.Article("An affair", Desk.Epoch.AddHours(2)) with { Body = $"It concerns {word}, and {word} again." });

        var byDefault = await desk.Client.ListArticlesAsync($"/v1/articles?q={word}");
        var byRelevance = await desk.Client.ListArticlesAsync($"/v1/articles?q={word}&sort=relevance");
        var byNewest = await desk.Client.ListArticlesAsync($"/v1/articles?q={word}&sort=newest");

        Assert.Equal([inHeadline.Id, inBody.Id], byDefault.Items.Ids());
        Assert.Equal(byDefault.Items.Ids(), byRelevance.Items.Ids());
        Assert.Equal([inBody.Id, inHeadline.Id], byNewest.Items.Ids());
    }

    [Fact]
    public async Task RelevanceWalk_WithLimitOne_VisitsEveryMatchOnceInRankOrder()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = UniqueWord();
        await desk.PublishAsync($"{word} in the headline");
        await desk.CreateAsync(desk.Article("Standfirst") with { Standfirst = $"About {word}." });
        await desk.CreateAsync(desk.Article("Body") with { Body = $"About {word}." });
        await desk.CreateAsync(desk.Article("Body twin") with { Body = $"About {word}." });
        await desk.PublishAsync($"{word} again in a headline");
        var expected = (await desk.ListAsync($"q={word}&limit=100")).Items.Ids();

        var walked = await desk.Client.WalkAsync($"/v1/articles?q={word}&limit=1");

        Assert.Equal(5, expected.Count);
        Assert.Equal(expected, walked.Ids());
    }

    [Fact]
    public async Task QuotedPhrase_MatchesOnlyAdjacentWords()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var adjacent = await desk.CreateAsync(desk.Article("Mercenaries in the Sahel") with { Body = "The Wagner Group arrived in Mali." });
        var apart = await desk.CreateAsync(desk.Article("Opera in the Sahel") with { Body = "A group of singers performed Wagner in Mali." });

        var phrase = await desk.ListAsync($"q={Uri.EscapeDataString("\"wagner group\"")}");
        var words = await desk.ListAsync("q=wagner%20group&sort=newest");

        Assert.Equal([adjacent.Id], phrase.Items.Ids());
        Assert.Equal([apart.Id, adjacent.Id], words.Items.Ids());
    }

    [Fact]
    public async Task Prefix_MatchesLongerWords()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var lavrov = await desk.PublishAsync("Lavrov visits Bamako");
        await desk.PublishAsync("Lava flows in Iceland");

        var prefix = await desk.ListAsync("q=lavr*");
        var whole = await desk.ListAsync("q=lavr");

        Assert.Equal([lavrov.Id], prefix.Items.Ids());
        Assert.Empty(whole.Items);
    }

    [Fact]
    public async Task Search_IgnoresDiacritics_InTextAndNames()
    {
        var client = api.CreateClient();
        var desk = await Desk.OpenAsync(client, bylineName: "Aminata Touré");
        var cafe = await desk.PublishAsync("Le café du coin ferme");
        var plain = await desk.CreateAsync(desk.Article("A cafe opens") with { Bylines = [new((await client.CreateBylineAsync()).Id)] });

        var unaccented = await desk.ListAsync("q=cafe&sort=newest");
        var accented = await desk.ListAsync($"q={Uri.EscapeDataString("CAFÉ")}&sort=newest");
        var byName = await desk.ListAsync("q=Toure");

        Assert.Equal([plain.Id, cafe.Id], unaccented.Items.Ids());
        Assert.Equal(unaccented.Items.Ids(), accented.Items.Ids());
        Assert.Equal([cafe.Id], byName.Items.Ids());
    }

    [Fact]
    public async Task Snippet_MarksTheMatchedWord()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = UniqueWord();
        await desk.CreateAsync(desk.Article("Talks resume") with { Body = $"Negotiators met again. The {word} proposal was tabled late on Monday." });

        var page = await desk.ListAsync($"q={word}");
        var plain = await desk.ListAsync();

        var item = Assert.Single(page.Items);
        Assert.NotNull(item.Snippet);
        Assert.Contains($"<mark>{word}</mark>", item.Snippet, StringComparison.Ordinal);
        Assert.Null(Assert.Single(plain.Items).Snippet);
    }

    [Fact]
    public async Task Snippet_IsEscapedText_WithMarkTheOnlyMarkup()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = UniqueWord();
        await desk.CreateAsync(desk.Article("Talks resume") with
        {
            Body = $"A harmless code span: `<img src=x onerror=alert(1)>` next to {word} & <b>, \"quotes\".",
        });

        var snippet = Assert.Single((await desk.ListAsync($"q={word}")).Items).Snippet!;

        Assert.DoesNotContain("<img", snippet, StringComparison.Ordinal);
        // The passage may start inside the code span (PostgreSQL's does): what of it is there is escaped.
        Assert.Contains("onerror=alert(1)&gt;", snippet, StringComparison.Ordinal);
        Assert.Contains($"<mark>{word}</mark>", snippet, StringComparison.Ordinal);
        Assert.Equal(snippet.Split("<mark>").Length - 1, snippet.Split("</mark>").Length - 1);
        // Nothing but <mark> and </mark> is markup: taking them out leaves no '<' at all.
        Assert.DoesNotContain('<', snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RenamingATag_FindsArticlesByTheNewNameAndNotTheOld()
    {
        var client = api.CreateClient();
        var desk = await Desk.OpenAsync(client);
        var (before, after) = (UniqueWord("old"), UniqueWord("new"));
        var tag = await client.CreateTagAsync($"Sahel {before}");
        var article = await desk.CreateAsync(desk.Article("Ministers meet") with { TagIds = [tag.Id] });
        Assert.Equal([article.Id], (await desk.ListAsync($"q={before}")).Items.Ids());

        using var rename = await client.SendJsonAsync(HttpMethod.Put, $"/v1/tags/{tag.Id}", new TagRequest(tag.Slug, $"Sahel {after}", tag.Description, tag.Type));
        await rename.ShouldHaveStatusAsync(HttpStatusCode.OK);

        Assert.Equal([article.Id], (await desk.ListAsync($"q={after}")).Items.Ids());
        Assert.Empty((await desk.ListAsync($"q={before}")).Items);
    }

    [Fact]
    public async Task RenamingAByline_FindsTheirArticlesByTheNewName()
    {
        var client = api.CreateClient();
        var (before, after) = (UniqueWord("old"), UniqueWord("new"));
        var desk = await Desk.OpenAsync(client, bylineName: $"Sam {before}");
        var article = await desk.PublishAsync("Ministers meet");

        using var rename = await client.SendJsonAsync(HttpMethod.Put, $"/v1/bylines/{desk.Byline.Id}",
            new BylineRequest(desk.Byline.Slug, $"Sam {after}", desk.Byline.Role, desk.Byline.Bio));
        await rename.ShouldHaveStatusAsync(HttpStatusCode.OK);

        Assert.Equal([article.Id], (await desk.ListAsync($"q={after}")).Items.Ids());
        Assert.Empty((await desk.ListAsync($"q={before}")).Items);
    }

    [Fact]
    public async Task DeletingAnArticle_RemovesItFromResults()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = UniqueWord();
        var doomed = await desk.PublishAsync($"{word} doomed");
        var kept = await desk.PublishAsync($"{word} kept");

        using var delete = await desk.Client.DeleteArticleAsync(doomed.Id);
        await delete.ShouldHaveStatusAsync(HttpStatusCode.NoContent);

        var page = await desk.Client.ListArticlesAsync($"/v1/articles?q={word}&count=true");
        Assert.Equal([kept.Id], page.Items.Ids());
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task Search_CombinesWithFilters()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = UniqueWord();
        var tag = await desk.Client.CreateTagAsync();
        var hit = await desk.CreateAsync(desk.Article($"{word} tagged") with { TagIds = [tag.Id] });
        await desk.PublishAsync($"{word} untagged");
        await desk.CreateAsync(desk.Article("Tagged without the word") with { TagIds = [tag.Id] });

        var page = await desk.ListAsync($"q={word}&tag={tag.Slug}&count=true");

        Assert.Equal([hit.Id], page.Items.Ids());
        Assert.Equal(1, page.Total);
    }

    public static TheoryData<string> Abuse =>
    [
        "\"", "\"\"", "AND", "OR NOT", "NOT", "NEAR(", "NEAR(a b, 2)", "*", "**", "^", "-", "title:foo", "Headline:foo", "((", "))", "a\"b",
        "\"unclosed phrase", "a OR", "{a b}", "a + b", "col : x", "'", "''", "%", "_", "\\", "a*b*", "*a", "foo^bar", "x AND (y OR",
        new string('a', 200), string.Concat(Enumerable.Repeat("ab ", 66)), string.Concat(Enumerable.Repeat("\"", 200)),
        "🔥", "🔥 fire", "日本語", "Ελλάδα", "e\u0301", "\u200b", "\u0000", "Ünïcödé*",
    ];

    [Theory]
    [MemberData(nameof(Abuse))]
    public async Task SearchSyntaxAbuse_Gives200Or400OnQ_Never500(string q)
    {
        var client = api.CreateClient();

        using var response = await client.GetAsync($"/v1/articles?q={Uri.EscapeDataString(q)}&count=true");

        if (response.StatusCode != HttpStatusCode.OK)
        {
            (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("q");
        }
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("...,;:")]
    [InlineData("\"\" * ^ ( )")]
    [InlineData("-- ++ //")]
    public async Task PunctuationOnly_Gives400OnQ(string q)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?q={Uri.EscapeDataString(q)}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("q");
    }

    [Fact]
    public async Task QueryOver200Characters_Gives400OnQ_And200CharactersIsFine()
    {
        var client = api.CreateClient();

        using var tooLong = await client.GetAsync($"/v1/articles?q={new string('a', 201)}");
        using var longest = await client.GetAsync($"/v1/articles?q={new string('a', 200)}");

        (await tooLong.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("q");
        await longest.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }
}
