using System.Net;
using ContentApi.Persistence;
using ContentApi.Http;
using ContentApi.Trash;

namespace ContentApi.Tests.Trash;

internal static class TrashTestHelpers
{
    /// <summary>Every item in the trash (the tests' databases hold few).</summary>
    public static async Task<IReadOnlyList<TrashItemResponse>> TrashAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("/v1/trash?limit=100");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.ReadAsync<Page<TrashItemResponse>>()).Items;
    }

    /// <summary>The trash item of a deleted resource; fails when there is none.</summary>
    public static async Task<TrashItemResponse> TrashItemOfAsync(this HttpClient client, TrashKind kind, string resourceId) =>
        (await client.TrashAsync()).SingleOrDefault(i => i.Kind == kind && i.ResourceId == resourceId)
        ?? throw new Xunit.Sdk.XunitException($"No {kind} {resourceId} in the trash.");

    public static Task<HttpResponseMessage> RestoreFromTrashAsync(this HttpClient client, string itemId) =>
        client.PostAsync($"/v1/trash/{itemId}/restore", content: null);

    /// <summary>Asserts two representations serialize alike (records holding lists do not compare by value).</summary>
    public static void ShouldEqualAsJson(object expected, object actual) =>
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected, TestData.Json), System.Text.Json.JsonSerializer.Serialize(actual, TestData.Json));

    public static async Task ShouldDeleteAsync(this HttpClient client, string url)
    {
        using var response = await client.DeleteAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
    }
}
