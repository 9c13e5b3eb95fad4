using System.Net;

namespace ContentApi.Tests.Feeds;

/// <summary>A feed query the API cannot answer is a 400 problem naming the parameter, as for the list; never a 500.</summary>
public sealed class FeedValidationTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("atom", "0")]
    [InlineData("rss", "101")]
    [InlineData("json", "-5")]
    public async Task LimitOutOfRange_Gives400OnLimit(string format, string limit)
    {
        using var response = await api.CreateClientFor(null).GetAsync($"/v1/feeds/articles.{format}?limit={limit}");

        var messages = (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("limit");
        Assert.Contains("between 1 and 100", string.Join(' ', messages), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("atom", "from=yesterday")]
    [InlineData("rss", "to=2026-13-45")]
    [InlineData("json", "limit=lots")]
    public async Task UnreadableValue_Gives400ProblemQuotingIt(string format, string query)
    {
        using var response = await api.CreateClientFor(null).GetAsync($"/v1/feeds/articles.{format}?{query}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains($"\"{query.Split('=')[1]}\"", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("atom", "***")]
    [InlineData("rss", "\"\" ( ) ^")]
    [InlineData("json", "!!!")]
    public async Task SearchThatCannotBeRun_Gives400OnQ(string format, string q)
    {
        using var response = await api.CreateClientFor(null).GetAsync($"/v1/feeds/articles.{format}?q={Uri.EscapeDataString(q)}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("q");
    }

    [Theory]
    [InlineData("NEAR(")]
    [InlineData("a OR")]
    [InlineData("title:foo")]
    [InlineData("\"unclosed phrase")]
    [InlineData("🔥 fire")]
    public async Task SearchOperators_AreTakenAsWords_NeverA500(string q)
    {
        using var response = await api.CreateClientFor(null).GetAsync($"/v1/feeds/articles.atom?q={Uri.EscapeDataString(q)}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SeveralProblems_AreReportedTogether_UnderTheListsNames()
    {
        using var response = await api.CreateClientFor(null).GetAsync(
            $"/v1/feeds/articles.json?limit=0&tagMatch=some&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z&q={new string('a', 201)}");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Equal(["limit", "q", "tagMatch", "to"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
