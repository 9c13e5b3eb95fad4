#pragma warning disable CA1707 // Test names read Behaviour_WhenCondition (STYLE.md rule 12).

using System.Text.Json.Nodes;

namespace ContentApi.Tests.Bylines;

public sealed class BylineValidationTests(ContentApiFactory api)
    : ReferenceValidationTests(api, ReferenceResource.Bylines), IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("ftp://x")]
    [InlineData("not-a-url")]
    [InlineData("/images/amina.jpg")]
    public async Task Returns400KeyedAvatarUrl_WhenAvatarUrlIsNotAnAbsoluteHttpUrl(string avatarUrl)
    {
        await ShouldRejectAsync(body => body["avatarUrl"] = avatarUrl, "avatarUrl");
    }

    [Theory]
    [InlineData(0, "not-a-url")]
    [InlineData(1, "javascript:alert(1)")]
    [InlineData(1, "")]
    public async Task Returns400KeyedByLinkIndex_WhenALinkUrlIsInvalid(int index, string url)
    {
        await ShouldRejectAsync(body =>
        {
            var links = new JsonArray(
                new JsonObject { ["kind"] = "website", ["url"] = "https://amina.example" },
                new JsonObject { ["kind"] = "bluesky", ["url"] = "https://bsky.app/profile/amina.example" });
            links[index]!["url"] = url;
            body["links"] = links;
        }, $"links[{index}].url");
    }

    [Fact]
    public async Task Returns400KeyedLinkKind_WhenLinkKindIsUnknown()
    {
        await ShouldRejectAsync(
            body => body["links"] = new JsonArray(new JsonObject { ["kind"] = "myspace", ["url"] = "https://myspace.com/amina" }),
            "links[0].kind");
    }

    [Fact]
    public async Task Returns400KeyedLinks_WhenThereAreMoreThan20Links()
    {
        await ShouldRejectAsync(body => body["links"] = new JsonArray([.. Enumerable.Range(0, 21)
            .Select(i => (JsonNode)new JsonObject { ["kind"] = "other", ["url"] = $"https://amina.example/{i}" })]), "links");
    }
}
