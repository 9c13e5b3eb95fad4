#pragma warning disable CA1707 // Test names read Behaviour_WhenCondition (STYLE.md rule 12).

using System.Net;
using System.Text.Json.Nodes;

namespace ContentApi.Tests.Entities;

public sealed class EntityPatchTests(ContentApiFactory api)
    : ReferencePatchTests(api, ReferenceResource.Entities), IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task AddsAliases_AndKeepsEverythingElse_WhenAliasesArePatchedIn()
    {
        var client = Api.CreateClient();
        var body = Resource.Body();
        body.Remove("aliases");
        var created = await Resource.CreateAsync(client, body);

        using var response = await client.MergePatchAsync(Resource.Url(created.Id), """{ "aliases": ["Lavrov", "Sergey Lavrov"] }""");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var patched = await Resource.GetAsync(client, created.Id);
        Assert.Equal(["Lavrov", "Sergey Lavrov"], patched.Json.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.True(JsonNode.DeepEquals(created.Without("aliases", "updatedAt"), patched.Without("aliases", "updatedAt")));
    }

    [Fact]
    public async Task Returns400AndChangesNothing_WhenAPatchedAliasIsTheName()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);

        using var response = await client.MergePatchAsync(
            Resource.Url(created.Id), new JsonObject { ["aliases"] = new JsonArray(created.Text("name")) }.ToJsonString());

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("aliases");
        Assert.Equal(created.ETag, (await Resource.GetAsync(client, created.Id)).ETag);
    }
}
