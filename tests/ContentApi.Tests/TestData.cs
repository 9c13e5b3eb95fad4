using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Http;
using ContentApi.Tags;

namespace ContentApi.Tests;

/// <summary>Builders for the rows a test needs, each with a unique slug, created through the API.</summary>
public static class TestData
{
    public static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public static async Task<BylineResponse> CreateBylineAsync(this HttpClient client, string? name = null, string? bio = "Covers the Sahel.")
    {
        var request = new BylineRequest(Unique("byline"), name ?? "Test Reporter", "Correspondent", bio);
        return await client.PostAndReadAsync<BylineResponse>("/v1/bylines", request);
    }

    public static async Task<TagResponse> CreateTagAsync(this HttpClient client, string? name = null, TagType type = TagType.Topic)
    {
        var request = new TagRequest(Unique("tag"), name ?? "Test Tag", "A tag made by a test.", type);
        return await client.PostAndReadAsync<TagResponse>("/v1/tags", request);
    }

    public static async Task<EntityResponse> CreateEntityAsync(this HttpClient client, string? name = null, EntityType type = EntityType.Place)
    {
        var request = new EntityRequest(Unique("entity"), name ?? "Test Place", type, ["Testville"], "A place made by a test.", "Q912");
        return await client.PostAndReadAsync<EntityResponse>("/v1/entities", request);
    }

    /// <summary>A valid published article request with one fresh byline, tag and entity.</summary>
    public static async Task<ArticleRequest> NewArticleRequestAsync(this HttpClient client, string? headline = null)
    {
        var byline = await client.CreateBylineAsync();
        var tag = await client.CreateTagAsync();
        var entity = await client.CreateEntityAsync();
        return new ArticleRequest(
            Slug: Unique("article"),
            Headline: headline ?? "Mali's foreign minister defends ties with Russia",
            Standfirst: "A visit to Bamako, and a defence of a partnership.",
            Body: "First paragraph about **Bamako**.\n\nSecond paragraph with a [link](https://example.com).",
            Section: "World",
            Status: ArticleStatus.Published,
            PublishAt: null,
            Language: "en",
            CanonicalUrl: "https://news.example/world/mali",
            FeaturedImage: new FeaturedImageDto("https://images.example/mali.jpg", "Two ministers shake hands", "Talks in Bamako", "Agency"),
            Syndication: new SyndicationDto(true, "Partners may republish with credit."),
            Bylines: [new ArticleBylineRequest(byline.Id, BylineCredit.Writer)],
            TagIds: [tag.Id],
            EntityIds: [entity.Id]);
    }

    public static async Task<ArticleResponse> CreateArticleAsync(this HttpClient client, ArticleRequest? request = null) =>
        await client.PostAndReadAsync<ArticleResponse>("/v1/articles", request ?? await client.NewArticleRequestAsync());

    public static async Task<T> PostAndReadAsync<T>(this HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body, Json);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>The body of a Brotli- or gzip-compressed response, as text.</summary>
    public static async Task<string> ReadDecompressedAsync(this HttpResponseMessage response)
    {
        await using var compressed = await response.Content.ReadAsStreamAsync();
        await using Stream decompressed = response.Content.Headers.ContentEncoding.Single() == "br"
            ? new System.IO.Compression.BrotliStream(compressed, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress);
        return await new StreamReader(decompressed).ReadToEndAsync();
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<T>(Json))!;

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, string json, string mediaType = "application/json", string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, mediaType) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object body, string? ifMatch = null) =>
        client.SendJsonAsync(method, url, JsonSerializer.Serialize(body, Json), ifMatch: ifMatch);

    public static Task<HttpResponseMessage> MergePatchAsync(this HttpClient client, string url, string json, string? ifMatch = null) =>
        client.SendJsonAsync(HttpMethod.Patch, url, json, JsonMergePatch.MediaType, ifMatch);

    /// <summary>Merge-patches the resource, expecting 200.</summary>
    public static async Task ShouldMergePatchAsync(this HttpClient client, string url, string json)
    {
        using var patched = await client.MergePatchAsync(url, json);
        await patched.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    /// <summary>Asserts the status, showing the body when it differs so a failure explains itself.</summary>
    public static async Task ShouldHaveStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            var serverErrors = (int)response.StatusCode >= 500 ? $"\nRecent server errors:\n{ServerErrorLog.Recent(3)}" : "";
            Assert.Fail($"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode}: {body}{serverErrors}");
        }
    }

    /// <summary>Asserts an RFC 9457 problem with the given status and returns its JSON.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.ShouldHaveStatusAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>The field errors of a 400 validation problem, by field name.</summary>
    public static async Task<Dictionary<string, string[]>> ShouldBeValidationProblemAsync(this HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        HttpSetup.ConfigureJson(options);
        return options;
    }
}
