using System.Net;
using System.Text;

namespace ContentApi.Tests.Http;

/// <summary>
/// Bodies, media types and sizes a client can get wrong on the write endpoints: each is a 4xx
/// problem that says what was wrong, never a 500.
/// </summary>
public sealed class MalformedRequestTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static TheoryData<string, string> MalformedBodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in WriteTarget.Malformable)
        {
            foreach (var body in new[] { "{", "{\"name\":", "[1,2]", "null", "", "\"a JSON string\"" })
            {
                data.Add(target, body);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task MalformedJsonGives400ProblemWithTitleAndDetail(string target, string body)
    {
        var client = api.CreateClient();
        var write = await WriteTarget.ResolveAsync(client, target);

        using var response = await write.SendAsync(client, body);

        await response.ShouldBeCompleteProblemAsync(HttpStatusCode.BadRequest, $"{write} with body '{body}'");
    }

    [Theory]
    [InlineData(WriteTarget.CreateArticle, """{"headline": 42, "body": "Text.", "section": "World"}""", "headline")]
    [InlineData(WriteTarget.CreateTag, """{"name": 42}""", "name")]
    [InlineData(WriteTarget.CreateTag, """{"name": "Sahel", "type": 7}""", "type")]
    [InlineData(WriteTarget.ReplaceByline, """{"name": 42}""", "name")]
    [InlineData(WriteTarget.PatchEntity, """{"type": 7}""", "type")]
    [InlineData(WriteTarget.PatchEntity, """{"name": 42}""", "name")]
    public async Task FieldOfTheWrongTypeGives400WithAnErrorKeyedByThatField(string target, string body, string field)
    {
        var client = api.CreateClient();
        var write = await WriteTarget.ResolveAsync(client, target);

        using var response = await write.SendAsync(client, body);

        var context = $"{write} with body '{body}'";
        var problem = await response.ShouldBeCompleteProblemAsync(HttpStatusCode.BadRequest, context);
        var errors = problem.Errors(context);
        Assert.True(errors.ContainsKey(field), $"{context}: expected an error for '{field}' but got [{string.Join(", ", errors.Keys)}]");
        Assert.NotEmpty(errors[field]);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task BodyThatIsNotJsonGives415Problem(string contentType)
    {
        var client = api.CreateClient();
        foreach (var target in WriteTarget.Malformable)
        {
            var write = await WriteTarget.ResolveAsync(client, target);

            using var response = await write.SendAsync(client, Encoding.UTF8.GetBytes("""{"name": "Sahel"}"""), contentType);

            await response.ShouldBeCompleteProblemAsync(HttpStatusCode.UnsupportedMediaType, $"{write} as {contentType}", requireDetail: false);
        }
    }

    [Theory]
    [InlineData(WriteTarget.CreateArticle, "text/plain")]
    [InlineData(WriteTarget.PatchEntity, "application/xml")]
    public async Task UnsupportedMediaTypeProblemSaysWhatWasSentAndWhatIsAccepted(string target, string contentType)
    {
        var client = api.CreateClient();
        var write = await WriteTarget.ResolveAsync(client, target);

        using var response = await write.SendAsync(client, Encoding.UTF8.GetBytes("""{"name": "Sahel"}"""), contentType);

        var problem = await response.ShouldBeCompleteProblemAsync(HttpStatusCode.UnsupportedMediaType, $"{write} as {contentType}");
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains(contentType, detail, StringComparison.Ordinal);
        Assert.Contains("json", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BodyWithoutContentTypeGives415Problem()
    {
        var client = api.CreateClient();
        foreach (var target in WriteTarget.Malformable)
        {
            var write = await WriteTarget.ResolveAsync(client, target);

            using var response = await write.SendAsync(client, Encoding.UTF8.GetBytes("""{"name": "Sahel"}"""), contentType: null);

            await response.ShouldBeCompleteProblemAsync(HttpStatusCode.UnsupportedMediaType, $"{write} without Content-Type");
        }
    }

    [Fact]
    public async Task BodyOverTheOneMebibyteLimitGives413Problem()
    {
        var client = api.CreateClient();
        var oversized = Encoding.UTF8.GetBytes($$"""{"name": "Big", "headline": "Big", "section": "World", "body": "{{new string('a', 1_200_000)}}"}""");
        foreach (var target in WriteTarget.Malformable)
        {
            var write = await WriteTarget.ResolveAsync(client, target);

            using var response = await write.SendAsync(client, oversized, write.MediaType);

            var problem = await response.ShouldBeCompleteProblemAsync(HttpStatusCode.RequestEntityTooLarge, $"{write} with {oversized.Length} bytes");
            Assert.Contains("1048576", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/v1/articles/%20")]
    [InlineData("/v1/articles/-1")]
    [InlineData("/v1/articles/0")]
    [InlineData("/v1/articles/99999999999999999999")]
    [InlineData("/v1/tags/a%2Fb")]
    [InlineData("/v1/bylines/%E2%80%99")]
    [InlineData("/v1/entities/..%2F..%2Fetc")]
    public async Task RouteValueThatNamesNothingGives404Problem(string url)
    {
        var client = api.CreateClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        await response.ShouldBeCompleteProblemAsync(HttpStatusCode.NotFound, $"GET {url}");
    }

    [Theory]
    [InlineData("articles")]
    [InlineData("tags")]
    [InlineData("bylines")]
    [InlineData("entities")]
    public async Task VeryLongSlugGives404Problem(string resource)
    {
        var client = api.CreateClient();
        var url = $"/v1/{resource}/{new string('a', 5000)}";

        using var response = await client.GetAsync(url);

        await response.ShouldBeCompleteProblemAsync(HttpStatusCode.NotFound, $"GET /v1/{resource}/a×5000");
    }

    [Fact]
    public async Task UnknownRouteGives404Problem()
    {
        var client = api.CreateClient();

        using var response = await client.GetAsync("/v1/nope");

        var problem = await response.ShouldBeCompleteProblemAsync(HttpStatusCode.NotFound, "GET /v1/nope", requireDetail: false);
        Assert.Equal("/v1/nope", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task WrongMethodGives405ProblemNamingTheAllowedMethods()
    {
        var client = api.CreateClient();

        using var response = await client.DeleteAsync("/v1/articles");

        await response.ShouldBeCompleteProblemAsync(HttpStatusCode.MethodNotAllowed, "DELETE /v1/articles", requireDetail: false);
        var allowed = response.Content.Headers.Allow;
        Assert.Contains("GET", allowed);
        Assert.Contains("POST", allowed);
        Assert.DoesNotContain("DELETE", allowed);
    }

    [Theory]
    [InlineData("/v1/articles?limit=abc")]
    [InlineData("/v1/tags?limit=abc")]
    [InlineData("/v1/articles?limit=99999999999")]
    public async Task LimitThatIsNotANumberGives400ProblemNamingTheParameter(string url)
    {
        var client = api.CreateClient();

        using var response = await client.GetAsync(url);

        var problem = await response.ShouldBeCompleteProblemAsync(HttpStatusCode.BadRequest, $"GET {url}");
        Assert.Contains("limit", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ProblemNamesTheRequestPathAsInstanceAndCarriesTheTraceId()
    {
        var client = api.CreateClient();
        var write = await WriteTarget.ResolveAsync(client, WriteTarget.ReplaceByline);

        using var response = await write.SendAsync(client, "{");

        var problem = await response.ShouldBeCompleteProblemAsync(HttpStatusCode.BadRequest, $"{write} with '{{'");
        Assert.Equal(write.Url, problem.GetProperty("instance").GetString());
        using var other = await write.SendAsync(client, "{");
        var otherProblem = await other.ShouldBeCompleteProblemAsync(HttpStatusCode.BadRequest, $"{write} with '{{' again");
        Assert.NotEqual(problem.GetProperty("traceId").GetString(), otherProblem.GetProperty("traceId").GetString());
    }
}
