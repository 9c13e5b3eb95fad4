#pragma warning disable CA1707 // Test names read Behaviour_WhenCondition (STYLE.md rule 12).

using System.Net;

namespace ContentApi.Tests.Bylines;

public sealed class BylinePatchTests(ContentApiFactory api)
    : ReferencePatchTests(api, ReferenceResource.Bylines), IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task ReplacesTheWholeLinksList_WhenLinksArePatched()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);

        using var response = await client.MergePatchAsync(
            Resource.Url(created.Id), """{ "links": [ { "kind": "mastodon", "url": "https://mastodon.social/@amina" } ] }""");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var link = Assert.Single((await Resource.GetAsync(client, created.Id)).Json.GetProperty("links").EnumerateArray());
        Assert.Equal("mastodon", link.GetProperty("kind").GetString());
        Assert.Equal("https://mastodon.social/@amina", link.GetProperty("url").GetString());
    }
}
