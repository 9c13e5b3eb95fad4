using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentApi.Persistence;
using ContentApi.Tests.Entities;
using ContentApi.Tests.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentApi.Tests.Fuzzing;

/// <summary>Bugs <see cref="NeverFallOverTests"/> found, each pinned by the smallest request that showed it.</summary>
public sealed class FoundByFuzzingTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData(WriteTarget.CreateTag, "application/json; charset=nope")]
    [InlineData(WriteTarget.CreateArticle, "application/json; charset=\"nope\"")]
    [InlineData(WriteTarget.PatchEntity, "application/merge-patch+json; charset=x-unknown")]
    public async Task BodyInACharsetNoOneKnows_Gives415Problem_Not500(string target, string contentType)
    {
        var client = api.CreateClient();
        var write = await WriteTarget.ResolveAsync(client, target);

        using var response = await SendWithContentTypeAsync(client, write.Method, write.Url, """{"name": "Sahel"}""", contentType);

        var problem = await response.ShouldBeCompleteProblemAsync(HttpStatusCode.UnsupportedMediaType, $"{write} as {contentType}");
        Assert.Contains("charset", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyWithAQuotedCharset_IsRead()
    {
        var client = api.CreateClient();

        using var response = await SendWithContentTypeAsync(
            client, HttpMethod.Post, "/v1/tags", $$"""{"slug": "{{TestData.Unique("quoted")}}", "name": "Sahel"}""", "application/json; charset=\"utf-8\"");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("""[null]""")]
    [InlineData("""[null, null]""")]
    public async Task ArticleWithANullByline_Gives400Problem_Not500(string bylines)
    {
        var client = api.CreateClient();
        var article = JsonSerializer.SerializeToNode(await client.NewArticleRequestAsync(), TestData.Json)!;
        article["bylines"] = JsonNode.Parse(bylines);

        using var response = await client.SendJsonAsync(HttpMethod.Post, "/v1/articles", article.ToJsonString());

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Contains("bylines[0].bylineId", errors.Keys);
    }

    /// <summary>An import line's byline with no slug ({"byline": null}) reached the slug lookup and was a 500.</summary>
    [Fact]
    public async Task ImportedArticleWithABylineWithoutSlug_Gives400ForThatLine_Not500()
    {
        var client = api.CreateClient();
        var line = new JsonObject
        {
            ["record"] = "article", ["slug"] = TestData.Unique("import"), ["headline"] = "No slug for the byline", ["body"] = "Text.",
            ["section"] = "World", ["status"] = "draft", ["bylines"] = JsonNode.Parse("""[{"byline": null}]"""),
        };

        // Imports are jobs: waiting for this one answers with its outcome.
        client.DefaultRequestHeaders.Add("Prefer", Transfer.TransferTestHelpers.Wait);
        using var response = await SendWithContentTypeAsync(client, HttpMethod.Post, "/v1/import", line.ToJsonString() + "\n", "application/x-ndjson");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Contains("lines[1].bylines[0].byline", errors.Keys);
    }

    [Theory]
    [InlineData("""{"slug": "a\udc00b"}""")]
    [InlineData("""{"name": "\ud800"}""")]
    [InlineData("""{"\ud800": 1}""")]
    [InlineData("""{"name": "A", "NAME": "B"}""")]
    [InlineData("""{"name": "A", "name": "B"}""")]
    public async Task MergePatchThatCannotBeRead_Gives400Problem_Not500(string patch)
    {
        var client = api.CreateClient();
        var write = await WriteTarget.ResolveAsync(client, WriteTarget.PatchEntity);

        using var response = await write.SendAsync(client, patch);

        var problem = await response.ShouldBeCompleteProblemAsync(HttpStatusCode.BadRequest, $"{write} with {patch}");
        Assert.NotEmpty(problem.Errors($"{write} with {patch}"));
    }

    [Fact]
    public async Task AcceptingACandidateWithANullAlias_Gives400Problem_Not500()
    {
        var client = api.CreateClient();
        var phrase = $"{ExtractionTestHelpers.UniqueWord("Fuzz")} {ExtractionTestHelpers.UniqueWord("Moss")}";
        await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet day", $"We met {phrase} today."));
        var page = await client.GetElementAsync("/v1/entities/candidates?limit=100");
        var candidate = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("text").GetString() == phrase).GetProperty("id").GetString();

        using var response = await client.SendJsonAsync(
            HttpMethod.Post, $"/v1/entities/candidates/{candidate}/accept", """{"type": "person", "name": "Another Name", "aliases": [null, "Goita"]}""");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Contains("aliases[0]", errors.Keys);
    }

    [Theory]
    [InlineData("/v1/articles/{0}", "/v1/articles/{idOrSlug}")]
    [InlineData("/v1/articles/{0}/related", "/v1/articles/{idOrSlug}/related")]
    public async Task FormerSlug_Answers308_AndTheContractDocumentsIt(string url, string path)
    {
        var editor = api.CreateClient();
        var article = await editor.CreateArticleAsync();
        using var renamed = await editor.MergePatchAsync($"/v1/articles/{article.Id}", $$"""{"slug": "{{TestData.Unique("renamed")}}"}""");
        await renamed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        using var client = api.CreateClientFor(ApiRole.Reader, new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, article.Slug));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        Assert.Contains(308, FuzzContract.Find("GET", path).Statuses);
    }

    [Theory]
    [InlineData("""{"record": false, "slug": "sahel", "name": "Sahel", "type": "place"}""")]
    [InlineData("""{"record": -1, "slug": "sahel", "name": "Sahel", "type": "place"}""")]
    [InlineData("""{"record": "\ud800", "slug": "sahel", "name": "Sahel", "type": "place"}""")]
    [InlineData("""{"record": "article", "slug": "a", "headline": "H", "body": "B", "section": "World", "bylines": [null]}""")]
    public async Task ImportLineThatCannotBeRead_Gives400Problem_Not500(string line)
    {
        var client = api.CreateClient();

        // Waiting for the job (Prefer: wait), so the answer is its outcome rather than 202.
        client.DefaultRequestHeaders.Add("Prefer", Transfer.TransferTestHelpers.Wait);
        using var response = await SendWithContentTypeAsync(client, HttpMethod.Post, "/v1/import", line, "application/x-ndjson");

        await response.ShouldBeCompleteProblemAsync(HttpStatusCode.BadRequest, $"POST /v1/import with {line}");
    }

    [Theory]
    [InlineData("\ufffe")]
    [InlineData("Caf\u00e9 \ufffe Noir")]
    public async Task NameThatUnicodeCannotNormalize_StillGetsASlug_Not500(string name)
    {
        var client = api.CreateClient();

        using var response = await client.SendJsonAsync(HttpMethod.Post, "/v1/tags", $$"""{"name": "{{name}}", "type": "topic"}""");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task BylineWithANullLink_Gives400Problem_Not500()
    {
        var client = api.CreateClient();
        var byline = await client.CreateBylineAsync();

        using var response = await client.SendJsonAsync(HttpMethod.Put, $"/v1/bylines/{byline.Id}", """{"name": "Amara Keita", "links": [null]}""");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Contains("links[0]", errors.Keys);
    }

    [Theory]
    [InlineData(ApiRole.Editor, "DELETE", "/v1/keys/1", null, HttpStatusCode.Forbidden)]
    [InlineData(null, "GET", "/v1/keys", null, HttpStatusCode.Unauthorized)]
    [InlineData(ApiRole.Editor, "POST", "/v1/tags", "Idempotency-Key", HttpStatusCode.BadRequest)]
    [InlineData(ApiRole.Editor, "POST", "/v1/tags", "oversized", HttpStatusCode.RequestEntityTooLarge)]
    public async Task ErrorForAClientThatAcceptsOnlyOtherTypes_IsStillAProblem_Not500(ApiRole? role, string method, string url, string? trouble, HttpStatusCode expected)
    {
        using var client = api.CreateClientFor(role);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.TryAddWithoutValidation("Accept", "application/atom+xml");
        if (trouble == "Idempotency-Key")
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", "not a valid key");
        }

        if (method == "POST")
        {
            request.Content = new StringContent(trouble == "oversized" ? $$"""{"name": "{{new string('a', 1_100_000)}}"}""" : """{"name": "Sahel"}""");
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        using var response = await client.SendAsync(request);

        await response.ShouldBeCompleteProblemAsync(expected, $"{method} {url} accepting only application/atom+xml", requireDetail: false);
    }

    private static Task<HttpResponseMessage> SendWithContentTypeAsync(HttpClient client, HttpMethod method, string url, string body, string contentType)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(body) };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return client.SendAsync(request);
    }
}
