using System.Net;
using System.Net.Http.Headers;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Articles;

namespace ContentApi.Tests.Access;

/// <summary>
/// What a response says depends on the key that asked, so it carries Vary: Authorization, X-Api-Key,
/// and no cache hands one caller's answer to another.
/// </summary>
public sealed class VaryHeaderTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static TheoryData<string, string> Reads => new()
    {
        { "anonymous", "/v1/articles" },
        { "anonymous", "/v1/articles/{article}" },
        { "anonymous", "/v1/tags" },
        { "partner", "/v1/articles/{article}" },
        { "editor", "/v1/articles" },
        { "editor", "/v1/articles/{article}" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task SuccessfulReads_VaryByTheKey(string caller, string path)
    {
        using var editor = api.CreateClient();
        var article = await editor.CreateArticleAsync();
        using var client = api.CreateClientFor(caller == "anonymous" ? null : Enum.Parse<ApiRole>(caller, ignoreCase: true));

        using var response = await client.GetAsync(path.Replace("{article}", article.Slug, StringComparison.Ordinal));

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        ShouldVaryByKey(response);
    }

    [Fact]
    public async Task NotModified_VariesByTheKey()
    {
        using var client = api.CreateClient();
        var article = await client.CreateArticleAsync();
        var (_, etag) = await client.GetArticleAsync(article.Slug);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{article.Slug}");
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        ShouldVaryByKey(response);
    }

    [Fact]
    public async Task NotFoundForAnArticleHiddenFromTheCaller_VariesByTheKey()
    {
        using var editor = api.CreateClient();
        var draft = await editor.CreateArticleAsync(await editor.NewArticleRequestAsync() with { Status = ArticleStatus.Draft });
        using var anonymous = api.CreateClientFor(null);

        using var response = await anonymous.GetAsync($"/v1/articles/{draft.Slug}");

        // An editor gets 200 at this address: a cache must not hand them this 404.
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        ShouldVaryByKey(response);
    }

    private static void ShouldVaryByKey(HttpResponseMessage response)
    {
        var vary = response.Headers.Vary.ToList();
        Assert.True(vary.Contains("Authorization", StringComparer.OrdinalIgnoreCase) && vary.Contains("X-Api-Key", StringComparer.OrdinalIgnoreCase),
            $"{(int)response.StatusCode} response has Vary '{string.Join(", ", vary)}', not Authorization and X-Api-Key.");
    }
}
