#pragma warning disable CA1707 // Test names read Behaviour_WhenCondition (STYLE.md rule 12).

using System.Text.Json.Nodes;

namespace ContentApi.Tests.Tags;

public sealed class TagValidationTests(ContentApiFactory api)
    : ReferenceValidationTests(api, ReferenceResource.Tags), IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("\"bogus\"")]
    [InlineData("2")]
    public async Task Returns400MentioningType_WhenTypeIsNotATagType(string type)
    {
        var messages = await ShouldRejectAsync(body => body["type"] = JsonNode.Parse(type), "type");

        Assert.Contains(messages, m => m.Contains("'type'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Returns400_WhenDescriptionIsLongerThan2000Characters()
    {
        await ShouldRejectAsync(body => body["description"] = new string('d', 2001), "description");
    }
}
