using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace ContentApi.Tests.Query;

/// <summary>
/// A GET /v1/articles query the API cannot answer gets a 400 problem naming the parameter, never a
/// 500 and never a silently different result: sorts, limits, cursors, tag lists, windows and status.
/// </summary>
public sealed class QueryValidationTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("sort=bogus")]
    [InlineData("sort=Newest")]
    public async Task UnknownSort_Gives400OnSort(string query)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?{query}");

        var messages = (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("sort");
        Assert.Contains("newest, oldest, updated, headline, relevance", string.Join(' ', messages), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sort=relevance")]
    [InlineData("sort=relevance&q=")]
    [InlineData("sort=relevance&q=%20%20")]
    public async Task RelevanceWithoutASearch_Gives400OnSort(string query)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?{query}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("sort");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-5")]
    public async Task LimitOutOfRange_Gives400OnLimit(string limit)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?limit={limit}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("limit");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public async Task LimitThatIsNotAnInteger_Gives400ProblemNamingIt(string limit)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?limit={limit}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("limit", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("%2A%2A%2A")]
    [InlineData("WyJuZXdlc3QiXQ")] // ["newest"]
    [InlineData("WyJzaWRld2F5cyIsIjEiLCIxIl0")] // ["sideways","1","1"]
    [InlineData("WyJuZXdlc3QiLCIxIiwiLTEiXQ")] // ["newest","1","-1"]
    public async Task CursorNotIssuedByTheApi_Gives400OnCursor(string cursor)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?cursor={cursor}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("cursor");
    }

    [Fact]
    public async Task CursorLongerThan512Characters_Gives400OnCursor()
    {
        var cursor = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new[] { "newest", new string('1', 600), "1" }));

        using var response = await api.CreateClient().GetAsync($"/v1/articles?cursor={cursor}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("cursor");
    }

    [Theory]
    [InlineData("sort=newest", "sort=oldest")]
    [InlineData("sort=oldest", "sort=updated")]
    [InlineData("sort=headline", "sort=newest")]
    [InlineData("sort=updated", "")]
    [InlineData("", "q=story")]
    [InlineData("q=story", "q=story&sort=newest")]
    public async Task CursorFromAnotherSort_Gives400OnCursor(string issuedFor, string usedFor)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        await desk.PublishAsync("First story");
        await desk.PublishAsync("Second story");
        var first = await desk.ListAsync($"{issuedFor}&limit=1");
        Assert.NotNull(first.NextCursor);

        using var response = await desk.Client.GetAsync($"/v1/articles?{desk.SectionQuery}&{usedFor}&limit=1&cursor={first.NextCursor}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("cursor");
    }

    [Theory]
    [InlineData("newest", "")]
    [InlineData("oldest", "")]
    [InlineData("updated", "")]
    [InlineData("relevance", "&q=story")]
    public async Task CursorWithATamperedKey_Gives400OnCursor(string sort, string search)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var story = await desk.PublishAsync("A story");
        var forged = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new[] { sort, "not-a-key", story.Id }));

        using var response = await desk.Client.GetAsync($"/v1/articles?{desk.SectionQuery}&sort={sort}{search}&cursor={forged}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("cursor");
    }

    [Theory]
    [InlineData("some")]
    [InlineData("ALL")]
    public async Task UnknownTagMatch_Gives400OnTagMatch(string tagMatch)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?tag=a&tagMatch={tagMatch}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("tagMatch");
    }

    [Fact]
    public async Task MoreThan20Tags_Gives400OnTag_And20AreFine()
    {
        var client = api.CreateClient();
        var twenty = string.Join(',', Enumerable.Range(1, 20).Select(i => $"t{i}"));

        using var tooMany = await client.GetAsync($"/v1/articles?tag={twenty}&tag=t21");
        using var enough = await client.GetAsync($"/v1/articles?tag={twenty}");

        (await tooMany.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("tag");
        await enough.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")]
    public async Task ToNotAfterFrom_Gives400OnTo(string from, string to)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?from={from}&to={to}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("to");
    }

    [Theory]
    [InlineData("from=yesterday")]
    [InlineData("to=2026-13-45")]
    [InlineData("status=bogus")]
    [InlineData("count=maybe")]
    public async Task UnreadableValue_Gives400ProblemQuotingIt(string query)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/articles?{query}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains($"\"{query.Split('=')[1]}\"", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusOutsideTheEnum_Gives400OnStatus()
    {
        using var response = await api.CreateClient().GetAsync("/v1/articles?status=99");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("status");
    }

    [Fact]
    public async Task SeveralProblems_AreReportedTogether()
    {
        using var response = await api.CreateClient().GetAsync("/v1/articles?sort=bogus&limit=0&fields=nope&include=nope&facets=nope&tagMatch=nope");

        var errors = await response.ShouldBeValidationProblemAsync();
        foreach (var field in new[] { "sort", "limit", "fields", "include", "facets", "tagMatch" })
        {
            errors.ShouldHaveErrorFor(field);
        }
    }
}
