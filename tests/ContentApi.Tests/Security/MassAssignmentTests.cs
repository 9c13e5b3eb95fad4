using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Access;

namespace ContentApi.Tests.Security;

/// <summary>
/// OWASP API3 (broken object property level authorization): fields the service owns (ids, versions, times,
/// reach, key hashes, revocation) cannot be set by sending them; they are ignored, and the service's values stand.
/// </summary>
public sealed class MassAssignmentTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task ArticleWrites_IgnoreServerOwnedFields()
    {
        var editor = api.CreateClient();
        var body = JsonSerializer.SerializeToNode(await editor.NewArticleRequestAsync(), TestData.Json)!.AsObject();
        body["id"] = "999999";
        body["version"] = 42;
        body["createdAt"] = "2001-01-01T00:00:00Z";
        body["updatedAt"] = "2001-01-01T00:00:00Z";
        body["publishedAt"] = "2001-01-01T00:00:00Z";
        body["reach"] = 15;
        body["corrections"] = new JsonArray(new JsonObject { ["at"] = "2001-01-01T00:00:00Z", ["note"] = "forged" });

        using var response = await editor.SendJsonAsync(HttpMethod.Post, "/v1/articles", body.ToJsonString());

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var article = await response.ReadAsync<ArticleResponse>();
        var now = api.Clock.GetUtcNow().UtcDateTime;
        Assert.NotEqual("999999", article.Id);
        Assert.Equal((now, now, now), (article.CreatedAt, article.UpdatedAt, article.PublishedAt));
        Assert.Empty(article.Corrections);
    }

    [Fact]
    public async Task KeyCreation_IgnoresHashPrefixAndRevocation()
    {
        using var admin = api.CreateClientFor(ApiRole.Admin);
        var body = """{ "name": "Forger", "role": "partner", "keyHash": "00", "prefix": "cak_forged", "revokedAt": "2001-01-01T00:00:00Z", "id": "1" }""";

        using var response = await admin.SendJsonAsync(HttpMethod.Post, "/v1/keys", body);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var key = await response.ReadAsync<CreatedKeyResponse>();
        Assert.NotEqual("cak_forged", key.Prefix);
        Assert.StartsWith(key.Prefix, key.Key, StringComparison.Ordinal);
        using var works = api.CreateClientWithKey(key.Key);
        using var read = await works.GetAsync("/v1/tags");
        await read.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }
}
