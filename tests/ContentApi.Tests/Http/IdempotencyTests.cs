using System.Net;
using System.Net.Http.Json;
using ContentApi.Articles;
using ContentApi.Tests.Access;
using ContentApi.Tests.Transfer;

namespace ContentApi.Tests.Http;

/// <summary>A write retried with the same Idempotency-Key gets the first answer and writes nothing again.</summary>
public sealed class IdempotencyTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task RetriedCreate_ReturnsTheFirstArticle_AndCreatesOne()
    {
        var editor = api.CreateClient();
        var request = await editor.NewArticleRequestAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await SendAsync(editor, HttpMethod.Post, "/v1/articles", request, key);
        using var retry = await SendAsync(editor, HttpMethod.Post, "/v1/articles", request, key);

        await first.ShouldHaveStatusAsync(HttpStatusCode.Created);
        await retry.ShouldHaveStatusAsync(HttpStatusCode.Created);
        Assert.Equal("true", retry.Header(ContentApi.Http.Idempotency.ReplayedHeader));
        Assert.False(first.Headers.Contains(ContentApi.Http.Idempotency.ReplayedHeader));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        var list = await editor.GetFromJsonAsync<ArticleList>($"/v1/articles?tag={request.TagIds![0]}&count=true", TestData.Json);
        Assert.Equal(1, list!.Total);
    }

    [Fact]
    public async Task SameKey_DifferentRequest_Is422_AndWritesNothing()
    {
        var editor = api.CreateClient();
        var request = await editor.NewArticleRequestAsync();
        var key = Guid.NewGuid().ToString();
        using var first = await SendAsync(editor, HttpMethod.Post, "/v1/articles", request, key);

        using var other = await SendAsync(editor, HttpMethod.Post, "/v1/articles", request with { Slug = TestData.Unique("other") }, key);

        await other.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var list = await editor.GetFromJsonAsync<ArticleList>($"/v1/articles?tag={request.TagIds![0]}&count=true", TestData.Json);
        Assert.Equal(1, list!.Total);
    }

    [Fact]
    public async Task KeysBelongToTheirApiKey()
    {
        var request = await api.CreateClient().NewArticleRequestAsync();
        var key = Guid.NewGuid().ToString();
        using var editor = api.CreateClientFor(ContentApi.Persistence.ApiRole.Editor);
        using var admin = api.CreateClientFor(ContentApi.Persistence.ApiRole.Admin);

        using var first = await SendAsync(editor, HttpMethod.Post, "/v1/articles", request, key);
        using var second = await SendAsync(admin, HttpMethod.Post, "/v1/articles", request with { Slug = TestData.Unique("admin") }, key);

        await first.ShouldHaveStatusAsync(HttpStatusCode.Created);
        await second.ShouldHaveStatusAsync(HttpStatusCode.Created);
        Assert.False(second.Headers.Contains(ContentApi.Http.Idempotency.ReplayedHeader));
    }

    [Fact]
    public async Task RetriedImport_ReturnsTheFirstReport()
    {
        var editor = api.CreateClient();
        var slug = TestData.Unique("imported");
        var line = $$"""{"record":"tag","slug":"{{slug}}","name":"Imported {{slug}}","type":"topic"}""" + "\n";
        var key = Guid.NewGuid().ToString();

        using var first = await ImportAsync(editor, line, key);
        using var retry = await ImportAsync(editor, line, key);
        using var plain = await editor.ImportAsync(line);

        Assert.Equal(1, (await first.ReadAsync<ContentApi.Transfer.ImportReport>()).Created);
        Assert.Equal(1, (await retry.ReadAsync<ContentApi.Transfer.ImportReport>()).Created);
        Assert.Equal(1, (await plain.ReadAsync<ContentApi.Transfer.ImportReport>()).Unchanged);
    }

    [Fact]
    public async Task AnAnswerKept_IncludesValidationProblems()
    {
        var editor = api.CreateClient();
        var request = (await editor.NewArticleRequestAsync()) with { Headline = "" };
        var key = Guid.NewGuid().ToString();

        using var first = await SendAsync(editor, HttpMethod.Post, "/v1/articles", request, key);
        using var retry = await SendAsync(editor, HttpMethod.Post, "/v1/articles", request, key);

        await first.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await retry.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("true", retry.Header(ContentApi.Http.Idempotency.ReplayedHeader));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("too-long")]
    [InlineData("ключ")]
    public async Task BadKey_Is400Problem(string key)
    {
        var editor = api.CreateClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/tags") { Content = JsonContent.Create(new { name = "x", type = "topic" }) };
        message.Headers.TryAddWithoutValidation(ContentApi.Http.Idempotency.Header, key == "too-long" ? new string('k', 256) : key);

        using var response = await editor.SendAsync(message);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task KeysExpire_AfterTheRetention()
    {
        var editor = api.CreateClient();
        var slug = TestData.Unique("expiring");
        var key = Guid.NewGuid().ToString();
        using var first = await SendAsync(editor, HttpMethod.Post, "/v1/tags", new { name = slug, slug, type = "topic" }, key);
        await first.ShouldHaveStatusAsync(HttpStatusCode.Created);

        api.Clock.Advance(TimeSpan.FromHours(25));
        using var later = await SendAsync(editor, HttpMethod.Post, "/v1/tags", new { name = slug, slug, type = "topic" }, key);

        await later.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.False(later.Headers.Contains(ContentApi.Http.Idempotency.ReplayedHeader));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object body, string key)
    {
        var message = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, body.GetType(), options: TestData.Json) };
        message.Headers.Add(ContentApi.Http.Idempotency.Header, key);
        return client.SendAsync(message);
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string ndjson, string key)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/import") { Content = new StringContent(ndjson, System.Text.Encoding.UTF8, ContentApi.Transfer.ContentRecords.MediaType) };
        message.Headers.Add(ContentApi.Http.Idempotency.Header, key);
        return client.SendAsync(message);
    }
}
