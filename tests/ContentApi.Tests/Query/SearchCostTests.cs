using System.Diagnostics;
using System.Net;
using ContentApi.Articles;
using ContentApi.Tests.Access;
using static ContentApi.Tests.Query.QueryTestHelpers;

namespace ContentApi.Tests.Query;

/// <summary>
/// Anyone may search, so a search's cost is bounded: repeated terms count once, and a search with too many words, too
/// many prefixes or too short a prefix is refused before it runs (Search:MaxTerms, MaxPrefixTerms, MinPrefixLength);
/// what is left runs within Search:Timeout. `t* t* t* ...` (66 times) took 1.3 s of CPU per request before.
/// </summary>
public sealed class SearchCostTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static readonly string HostileSearch = string.Join(' ', Enumerable.Repeat("t*", 66));

    [Theory]
    [InlineData("/v1/articles")]
    [InlineData("/v1/feeds/articles.json")]
    public async Task RepeatedOneLetterPrefixes_AreRefused_BeforeTheyRun(string path)
    {
        using var anonymous = api.CreateClientFor(null);

        using var response = await anonymous.GetAsync($"{path}?q={Uri.EscapeDataString(HostileSearch)}");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Contains("at least 3 letters before the *", errors["q"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedTerms_CountOnce()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = UniqueWord();
        var hit = await desk.PublishAsync($"Talks on {word} resume");
        var repeated = string.Join(' ', Enumerable.Repeat($"{word[..5]}*", 15).Concat(Enumerable.Repeat(word.ToUpperInvariant(), 5)));

        var page = await api.CreateClient().ListArticlesAsync($"/v1/articles?q={Uri.EscapeDataString(repeated)}");

        Assert.Equal([hit.Id], page.Items.Select(i => i.Id));
        Assert.Equal($"\"{word[..5]}\"* \"{word}\"", ArticleSearchIndex.ToMatchExpression(repeated)?.ToLowerInvariant());
    }

    [Theory]
    [InlineData("one two three four five six seven eight nine ten eleven", "at most 10 different words")]
    [InlineData("alpha* beta* gamma* delta*", "at most 3 prefixes")]
    [InlineData("mali ba*", "at least 3 letters before the *, not 'ba*'")]
    [InlineData("foreign-mi*", "not 'mi*'")]
    public async Task CostlySearches_AreRefused_SayingWhatTheLimitIs(string q, string message)
    {
        using var reader = api.CreateClientFor(ContentApi.Persistence.ApiRole.Reader);

        using var response = await reader.GetAsync($"/v1/articles?q={Uri.EscapeDataString(q)}");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Contains(message, errors["q"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("one two three four five six seven eight nine ten")]
    [InlineData("one one one one one one one one one one one one two")]
    [InlineData("alp* bet* gam*")]
    public async Task SearchesWithinTheLimits_Run(string q)
    {
        using var reader = api.CreateClientFor(ContentApi.Persistence.ApiRole.Reader);

        using var response = await reader.GetAsync($"/v1/articles?q={Uri.EscapeDataString(q)}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ASearch_OverItsTimeBudget_IsStopped_AndTheNextRequestOnTheConnectionIsNot()
    {
        // A budget far below what any search takes: the first look at the clock stops it.
        await using var strict = new ConfiguredApiFactory(("Search:Timeout", "00:00:00.0000001"));
        var desk = await Desk.OpenAsync(strict.CreateClient());
        var word = UniqueWord();
        // Long bodies, so that highlighting a page takes PostgreSQL more than its shortest statement_timeout (1 ms).
        var body = string.Join(' ', Enumerable.Range(0, 3000).Select(n => n % 50 == 0 ? word : $"filler{n % 97}"));
        for (var i = 0; i < 30; i++)
        {
            await desk.CreateAsync(desk.Article($"Talks on {word} resume, round {i}") with { Body = body });
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await strict.CreateClient().GetAsync($"/v1/articles?q={word}&facets=tag,section&count=true");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Contains("took longer than", errors["q"][0], StringComparison.Ordinal);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
        // The deadline went with the search: the pooled connection serves the next (unsearched) list as usual.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(20, (await desk.ListAsync()).Items.Count);
        }
    }
}
