#pragma warning disable CA1707 // Test names read Behaviour_WhenCondition (STYLE.md rule 12).

using System.Text.Json.Nodes;

namespace ContentApi.Tests.Entities;

public sealed class EntityValidationTests(ContentApiFactory api)
    : ReferenceValidationTests(api, ReferenceResource.Entities), IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Returns400KeyedAliases_WhenAnAliasRepeatsIgnoringCase()
    {
        await ShouldRejectAsync(body => body["aliases"] = new JsonArray("Lavrov", "LAVROV"), "aliases");
    }

    [Fact]
    public async Task Returns400KeyedAliases_WhenAnAliasIsTheNameInAnotherCase()
    {
        await ShouldRejectAsync(
            body => body["aliases"] = new JsonArray("Lavrov", body["name"]!.GetValue<string>().ToUpperInvariant()), "aliases");
    }

    [Theory]
    [InlineData("wikidataId", "912")]
    [InlineData("wikidataId", "Q0912")]
    [InlineData("geoNamesId", "abc")]
    [InlineData("geoNamesId", "0")]
    public async Task Returns400KeyedByField_WhenAnExternalIdIsMalformed(string field, string value)
    {
        await ShouldRejectAsync(body => body[field] = value, field);
    }

    [Fact]
    public async Task Returns400MentioningType_WhenTypeIsNotAnEntityType()
    {
        await ShouldRejectAsync(body => body["type"] = "company", "type");
    }
}
