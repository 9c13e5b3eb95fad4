using System.Net;
using System.Text;

namespace ContentApi.Tests.Fuzzing;

/// <summary>The fuzzer's judgements themselves: what it calls a broken answer, and that its snapshot of what is stored sees a write.</summary>
public sealed class FuzzOracleTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static readonly FuzzOperation CreateTag = FuzzContract.Find("POST", "/v1/tags");

    [Fact]
    public async Task Snapshot_ChangesWithAWrite_AndNotWithARefusedOne()
    {
        var client = api.CreateClient();
        await client.CreateTagAsync();
        using var stored = new StoredContent(api.Database);
        var before = stored.Snapshot();

        using var refused = await client.SendJsonAsync(HttpMethod.Post, "/v1/tags", """{"name": 42}""");
        await refused.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        Assert.Empty(StoredContent.Changed(before, stored.Snapshot()));

        await client.CreateTagAsync();
        Assert.Contains(StoredContent.Changed(before, stored.Snapshot()), table => table.StartsWith("Tags ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(500, "application/problem+json", """{"title": "Internal server error", "status": 500}""", "server error")]
    [InlineData(404, "application/problem+json", """{"title": "Not found", "status": 404}""", "undocumented status")]
    [InlineData(400, "application/json", """{"title": "Bad request", "status": 400}""", "error is not a problem")]
    [InlineData(400, "application/problem+json", """{"status": 400}""", "error is not a problem")]
    [InlineData(400, "application/problem+json", """{"title": "Bad request", "status": 422}""", "error is not a problem")]
    [InlineData(400, "application/problem+json", "not json", "error is not a problem")]
    [InlineData(401, "application/problem+json", """{"title": "API key required", "status": 401}""", "401 without a Bearer challenge")]
    public void Judge_NamesWhatIsWrongWithAnAnswer(int status, string contentType, string body, string expected)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

        Assert.Contains(FuzzRunner.Judge(CreateTag, response, Encoding.UTF8.GetBytes(body)), problem => problem.Kind == expected);
    }

    [Fact]
    public void Judge_PassesADocumentedProblem()
    {
        var body = """{"title": "Validation failed", "status": 400}""";
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(body, Encoding.UTF8, "application/problem+json") };

        Assert.Empty(FuzzRunner.Judge(CreateTag, response, Encoding.UTF8.GetBytes(body)));
    }
}
