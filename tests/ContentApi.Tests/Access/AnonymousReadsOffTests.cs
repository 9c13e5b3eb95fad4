using System.Net;
using ContentApi.Persistence;

namespace ContentApi.Tests.Access;

/// <summary>With Access:AnonymousReads=false, reading needs a key too; health checks stay open.</summary>
public sealed class AnonymousReadsOffTests
{
    [Theory]
    [InlineData("/v1/articles")]
    [InlineData("/v1/tags")]
    public async Task Returns401WithChallenge_WhenReadingWithoutAKey(string url)
    {
        await using var api = new KeysOnlyFactory();
        using var anonymous = api.CreateClientFor(null);

        using var response = await anonymous.GetAsync(url);

        await response.ShouldBeChallengeAsync();
    }

    [Fact]
    public async Task Returns401WithChallenge_WhenReadingAPublishedArticleWithoutAKey()
    {
        await using var api = new KeysOnlyFactory();
        using var editor = api.CreateClient();
        var article = await editor.CreateArticleAsync();
        using var anonymous = api.CreateClientFor(null);

        using var response = await anonymous.GetAsync($"/v1/articles/{article.Slug}");

        await response.ShouldBeChallengeAsync();
    }

    [Theory]
    [InlineData(ApiRole.Reader)]
    [InlineData(ApiRole.Partner)]
    public async Task Returns200_WhenReadingWithAKey(ApiRole role)
    {
        await using var api = new KeysOnlyFactory();
        using var client = api.CreateClientFor(role);

        using var response = await client.GetAsync("/v1/articles");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_StillAnswersWithoutAKey()
    {
        await using var api = new KeysOnlyFactory();
        using var anonymous = api.CreateClientFor(null);

        using var response = await anonymous.GetAsync("/health/live");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    private sealed class KeysOnlyFactory() : ConfiguredApiFactory(("Access:AnonymousReads", "false"));
}
