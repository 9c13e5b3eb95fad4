using System.Net;
using ContentApi.Http;
using ContentApi.Revisions;

namespace ContentApi.Tests.Revisions;

internal static class RevisionTestHelpers
{
    /// <summary>The first page of an article's revisions, newest first.</summary>
    public static async Task<IReadOnlyList<RevisionSummary>> RevisionsAsync(this HttpClient client, string idOrSlug)
    {
        using var response = await client.GetAsync($"/v1/articles/{idOrSlug}/revisions?limit=100");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.ReadAsync<Page<RevisionSummary>>()).Items;
    }

    public static async Task<RevisionResponse> RevisionAsync(this HttpClient client, string idOrSlug, int number)
    {
        using var response = await client.GetAsync($"/v1/articles/{idOrSlug}/revisions/{number}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadAsync<RevisionResponse>();
    }

    public static async Task<RevisionDiff> DiffAsync(this HttpClient client, string idOrSlug, int from, int to)
    {
        using var response = await client.GetAsync($"/v1/articles/{idOrSlug}/revisions/{from}/diff/{to}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadAsync<RevisionDiff>();
    }

    public static Task<HttpResponseMessage> RestoreRevisionAsync(this HttpClient client, string idOrSlug, int number, object? body = null, string? ifMatch = null) =>
        client.SendJsonAsync(HttpMethod.Post, $"/v1/articles/{idOrSlug}/revisions/{number}/restore", body ?? new { }, ifMatch);

    public static async Task<T> ShouldSucceedAsync<T>(this Task<HttpResponseMessage> sending, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await sending;
        await response.ShouldHaveStatusAsync(status);
        return await response.ReadAsync<T>();
    }
}
