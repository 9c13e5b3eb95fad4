using System.Net;
using System.Text;
using ContentApi.Persistence;
using ContentApi.Http;
using ContentApi.Tests.Fuzzing;

namespace ContentApi.Tests.Http;

/// <summary>
/// Every operation refuses a query parameter it does not take (`&amp;v=1` made a new URL for the same answer, past every
/// cache) with a 400 that names it and lists the ones the operation takes: the ones its contract documents.
/// </summary>
public sealed class UnknownQueryParameterTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static TheoryData<string, string> Operations()
    {
        var cases = new TheoryData<string, string>();
        foreach (var operation in FuzzContract.Operations)
        {
            cases.Add(operation.Method, operation.Path);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_RefusesAnUnknownQueryParameter_ListingTheKnownOnes(string method, string path)
    {
        var operation = FuzzContract.Find(method, path);
        using var admin = api.CreateClientFor(ApiRole.Admin);
        var url = string.Join('/', path.Split('/').Select(segment => segment.StartsWith('{') ? "1" : segment)) + "?v=1";
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (operation.Body is { } body)
        {
            var text = body.Example is null ? "{}" : body.MediaType.EndsWith("json", StringComparison.Ordinal) ? body.Example.ToJsonString() : body.Example.GetValue<string>();
            request.Content = new StringContent(text, Encoding.UTF8, body.MediaType);
        }

        using var response = await admin.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("Unknown query parameter", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("v", out _), $"{method} {path}: the error does not name 'v'.");
        var detail = problem.GetProperty("detail").GetString()!;
        foreach (var known in operation.Query.Select(q => q.Name))
        {
            Assert.Contains(known, detail, StringComparison.Ordinal);
        }

        Assert.Contains(operation.Query.Count == 0 ? "takes no query parameters" : "Known parameters:", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KnownParameters_InAnyCase_AreAccepted()
    {
        using var reader = api.CreateClientFor(ApiRole.Reader);

        using var response = await reader.GetAsync("/v1/articles?LIMIT=5&sort=newest");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARouteParameter_IsNotAQueryParameter()
    {
        var tag = await api.CreateClient().CreateTagAsync();
        using var reader = api.CreateClientFor(ApiRole.Reader);

        using var response = await reader.GetAsync($"/v1/tags/{tag.Slug}?idOrSlug=other");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Contains("idOrSlug", errors.Keys);
        Assert.Contains("takes no query parameters", errors["idOrSlug"][0], StringComparison.Ordinal);
    }
}
