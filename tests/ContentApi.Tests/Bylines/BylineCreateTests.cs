#pragma warning disable CA1707 // Test names read Behaviour_WhenCondition (STYLE.md rule 12).

using System.Text.Json.Nodes;

namespace ContentApi.Tests.Bylines;

public sealed class BylineCreateTests(ContentApiFactory api)
    : ReferenceCreateTests(api, ReferenceResource.Bylines), IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task WritesLinkKindsAsLowercaseStrings_InTheOrderSent()
    {
        var body = Resource.Body();
        body["links"] = new JsonArray(
            new JsonObject { ["kind"] = "bluesky", ["url"] = "https://bsky.app/profile/amina.example" },
            new JsonObject { ["kind"] = "linkedin", ["url"] = "https://www.linkedin.com/in/amina" },
            new JsonObject { ["kind"] = "x", ["url"] = "https://x.com/amina" });

        var created = await Resource.CreateAsync(Api.CreateClient(), body);

        var kinds = created.Json.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("kind").GetString());
        Assert.Equal(["bluesky", "linkedin", "x"], kinds);
    }

    [Fact]
    public async Task ReturnsEmptyLinksAndNullOptionalFields_WhenTheyAreOmitted()
    {
        var body = new JsonObject { ["name"] = "Ousmane Keita", ["slug"] = TestData.Unique("ousmane-keita") };

        var created = await Resource.CreateAsync(Api.CreateClient(), body);

        Assert.Empty(created.Json.GetProperty("links").EnumerateArray());
        Assert.Null(created.Text("role"));
        Assert.Null(created.Text("bio"));
        Assert.Null(created.Text("avatarUrl"));
    }
}
