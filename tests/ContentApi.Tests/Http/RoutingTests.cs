using System.Net;
using System.Net.Http.Json;
using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Tests.Access;

namespace ContentApi.Tests.Http;

/// <summary>
/// One operation per address: a method a path does not have is a 405 with Allow (never another operation, such as a
/// write to an entity whose slug is the path's literal), a trailing slash is a 308 to the path without it, and the
/// extraction jobs, whose path read as an entity's, moved to /v1/extraction-jobs with a redirect from the old address.
/// </summary>
public sealed class RoutingTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private HttpClient Editor() => api.CreateClientWithKey(api.KeyFor(ApiRole.Editor), followRedirects: false);

    [Theory]
    [InlineData("PATCH", "/v1/entities/candidates", "GET")]
    [InlineData("DELETE", "/v1/entities/candidates", "GET")]
    [InlineData("PUT", "/v1/entities/candidates", "GET")]
    [InlineData("DELETE", "/v1/articles", "GET, POST")]
    [InlineData("POST", "/v1/sync", "GET")]
    public async Task AMethodThePathDoesNotHave_Is405_WithAllow(string method, string path, string allow)
    {
        using var editor = Editor();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { name = "x" }) };

        using var response = await editor.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
    }

    [Theory]
    [InlineData("POST", "/v1/articles/", "/v1/articles")]
    [InlineData("GET", "/v1/tags/?limit=5", "/v1/tags?limit=5")]
    [InlineData("GET", "/v1/entities/candidates/", "/v1/entities/candidates")]
    public async Task ATrailingSlash_Is308_ToThePathWithoutIt(string method, string url, string location)
    {
        using var editor = Editor();
        var before = (await editor.GetFromJsonAsync<ContentApi.Articles.ArticleList>("/v1/articles?count=true", TestData.Json))!.Total;
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? JsonContent.Create(new { }) : null };

        using var response = await editor.SendAsync(request);

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
        Assert.Equal(before, (await editor.GetFromJsonAsync<ContentApi.Articles.ArticleList>("/v1/articles?count=true", TestData.Json))!.Total);
    }

    [Fact]
    public async Task ExtractionJobs_AreAt_v1ExtractionJobs_AndTheirOldAddressStillAnswers()
    {
        using var editor = Editor();
        using var created = await editor.PostAsJsonAsync("/v1/entities", new { name = TestData.Unique("Routing Institute"), type = "organisation" });
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var link = created.Headers.GetValues("Link").Single();
        var job = link[(link.IndexOf('<', StringComparison.Ordinal) + 1)..link.IndexOf('>', StringComparison.Ordinal)];

        using var old = await editor.GetAsync(job.Replace("/v1/extraction-jobs/", "/v1/entities/extraction-jobs/", StringComparison.Ordinal));
        using var current = await editor.GetAsync(job);

        Assert.StartsWith("/v1/extraction-jobs/", job, StringComparison.Ordinal);
        await current.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await old.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal((await current.ReadAsync<ExtractionJobResponse>()).Id, (await old.ReadAsync<ExtractionJobResponse>()).Id);
    }

    [Fact]
    public async Task NoEntity_HasTheSlugOfAPathBesideIt()
    {
        using var editor = Editor();

        var named = await editor.PostAndReadAsync<EntityResponse>("/v1/entities", new { name = "Candidates", type = "organisation" });
        using var chosen = await editor.PostAsJsonAsync("/v1/entities", new { name = "Jobs", slug = "extraction-jobs", type = "organisation" });

        Assert.Equal("candidates-2", named.Slug);
        var errors = await chosen.ShouldBeValidationProblemAsync();
        Assert.Contains("may not be candidates or extraction-jobs", errors["slug"][0], StringComparison.Ordinal);
        await (await editor.GetAsync($"/v1/entities/{named.Slug}")).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await editor.GetAsync($"/v1/entities/{named.Id}/related-entities")).ShouldHaveStatusAsync(HttpStatusCode.OK);
    }
}
