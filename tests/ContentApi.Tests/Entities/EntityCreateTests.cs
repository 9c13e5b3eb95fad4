#pragma warning disable CA1707 // Test names read Behaviour_WhenCondition (STYLE.md rule 12).

using System.Text.Json.Nodes;

namespace ContentApi.Tests.Entities;

public sealed class EntityCreateTests(ContentApiFactory api)
    : ReferenceCreateTests(api, ReferenceResource.Entities), IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("organisation")]
    [InlineData("event")]
    public async Task WritesTypeAsTheLowercaseString_ItWasSentAs(string type)
    {
        var body = Resource.Body();
        body["type"] = type;

        var created = await Resource.CreateAsync(Api.CreateClient(), body);

        Assert.Equal(type, created.Text("type"));
    }

    [Fact]
    public async Task ReturnsEmptyAliasesAndNullIds_WhenTheyAreOmitted()
    {
        var body = new JsonObject { ["name"] = "Bamako", ["type"] = "place", ["slug"] = TestData.Unique("bamako") };

        var created = await Resource.CreateAsync(Api.CreateClient(), body);

        Assert.Empty(created.Json.GetProperty("aliases").EnumerateArray());
        Assert.Null(created.Text("wikidataId"));
        Assert.Null(created.Text("geoNamesId"));
        Assert.Null(created.Text("description"));
    }
}
