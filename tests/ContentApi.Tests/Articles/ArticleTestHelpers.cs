using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentApi.Articles;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentApi.Tests.Articles;

/// <summary>Small helpers the article tests share: conditional requests, raw JSON and error assertions.</summary>
internal static class ArticleTestHelpers
{
    public static HttpClient CreateNonRedirectingClient(this ContentApiFactory api) =>
        api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>The ETag header of a response; fails the test when there is none.</summary>
    public static string ETagOf(HttpResponseMessage response) =>
        response.Headers.ETag?.Tag ?? throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} response has no ETag header.");

    /// <summary>GETs an article and returns it with its ETag.</summary>
    public static async Task<(ArticleResponse Article, string ETag)> GetArticleAsync(this HttpClient client, string idOrSlug)
    {
        using var response = await client.GetAsync($"/v1/articles/{idOrSlug}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.ReadAsync<ArticleResponse>(), ETagOf(response));
    }

    public static async Task ShouldNotExistAsync(this HttpClient client, string idOrSlug)
    {
        using var response = await client.GetAsync($"/v1/articles/{idOrSlug}");
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    public static Task<HttpResponseMessage> PutArticleAsync(this HttpClient client, string idOrSlug, ArticleRequest request, string? ifMatch = null) =>
        client.SendJsonAsync(HttpMethod.Put, $"/v1/articles/{idOrSlug}", request, ifMatch);

    public static Task<HttpResponseMessage> DeleteArticleAsync(this HttpClient client, string idOrSlug, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/articles/{idOrSlug}");
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return client.SendAsync(request);
    }

    /// <summary>A request as the JSON object the API would read, to be broken in ways the record type cannot express.</summary>
    public static JsonObject ToJsonObject(this ArticleRequest request) =>
        JsonSerializer.SerializeToNode(request, TestData.Json)!.AsObject();

    /// <summary>The request that would recreate <paramref name="article"/>, with its current slug.</summary>
    public static ArticleRequest ToRequest(this ArticleResponse article) => new(
        article.Slug,
        article.Headline,
        article.Standfirst,
        article.Body.Markdown,
        article.Section,
        article.Status,
        article.PublishAt,
        article.Language,
        article.CanonicalUrl,
        article.FeaturedImage,
        article.Syndication,
        [.. article.Bylines.Select(b => new ArticleBylineRequest(b.Byline.Id, b.Role))],
        [.. article.Tags.Select(t => t.Id)],
        [.. article.Entities.Select(e => e.Id)],
        [.. article.RelatedArticles.Select(r => r.Id)]);

    /// <summary>Asserts a field error is present, listing the fields that were reported when it is not.</summary>
    public static string[] ShouldHaveErrorFor(this Dictionary<string, string[]> errors, string field)
    {
        Assert.True(errors.TryGetValue(field, out var messages),
            $"Expected an error for '{field}' but the errors were for: {string.Join(", ", errors.Keys.Select(k => $"'{k}'"))}.");
        Assert.NotEmpty(messages!);
        return messages!;
    }

    /// <summary>Markdown of <paramref name="count"/> plain words in one paragraph.</summary>
    public static string Words(int count) => string.Join(' ', Enumerable.Repeat("word", count));
}
