using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentApi.Articles;

namespace ContentApi.Tests;

/// <summary>
/// A byline, tag or entity as the shared reference-resource tests (ReferenceResourceTests.cs) see it:
/// its route, valid request bodies, the optional field a write can clear, and how an article uses one.
/// Bylines, tags and entities share their handlers, so their shared behaviour is tested once, per resource.
/// </summary>
public sealed class ReferenceResource
{
    public static readonly ReferenceResource Bylines = new(
        route: "bylines",
        sampleName: "Amina Diallo",
        sampleSlug: "amina-diallo",
        optionalField: "bio",
        body: name => new JsonObject
        {
            ["name"] = name,
            ["role"] = "Sahel correspondent",
            ["bio"] = "Reports from Bamako.",
            ["avatarUrl"] = "https://images.example/amina.jpg",
            ["links"] = new JsonArray(new JsonObject { ["kind"] = "bluesky", ["url"] = "https://bsky.app/profile/amina.example" }),
        },
        replacement: name => new JsonObject
        {
            ["name"] = name,
            ["role"] = "Managing editor",
            ["avatarUrl"] = "https://images.example/amina-2.jpg",
            ["links"] = new JsonArray(new JsonObject { ["kind"] = "website", ["url"] = "https://amina.example" }),
        },
        useIn: (article, id) => article with { Bylines = [new ArticleBylineRequest(id)] });

    public static readonly ReferenceResource Tags = new(
        route: "tags",
        sampleName: "Mali’s Elections",
        sampleSlug: "malis-elections",
        optionalField: "description",
        body: name => new JsonObject { ["name"] = name, ["description"] = "Votes and campaigns in Mali.", ["type"] = "place" },
        replacement: name => new JsonObject { ["name"] = name, ["type"] = "series" },
        useIn: (article, id) => article with { TagIds = [id] });

    public static readonly ReferenceResource Entities = new(
        route: "entities",
        sampleName: "Sergei Lavrov",
        sampleSlug: "sergei-lavrov",
        optionalField: "description",
        body: name => new JsonObject
        {
            ["name"] = name,
            ["type"] = "person",
            ["aliases"] = new JsonArray("Lavrov"),
            ["description"] = "Russia's foreign minister.",
            ["wikidataId"] = "Q150851",
        },
        replacement: name => new JsonObject
        {
            ["name"] = name,
            ["type"] = "organisation",
            ["aliases"] = new JsonArray("MFA", "Russian MFA"),
            ["wikidataId"] = "Q1537387",
            ["geoNamesId"] = "524901",
        },
        useIn: (article, id) => article with { EntityIds = [id] });

    private readonly Func<string, JsonObject> _body;
    private readonly Func<string, JsonObject> _replacement;
    private readonly Func<ArticleRequest, string, ArticleRequest> _useIn;

    private ReferenceResource(
        string route, string sampleName, string sampleSlug, string optionalField,
        Func<string, JsonObject> body, Func<string, JsonObject> replacement, Func<ArticleRequest, string, ArticleRequest> useIn)
    {
        Route = route;
        SampleName = sampleName;
        SampleSlug = sampleSlug;
        OptionalField = optionalField;
        _body = body;
        _replacement = replacement;
        _useIn = useIn;
    }

    /// <summary>The collection's path segment, such as "tags".</summary>
    public string Route { get; }

    /// <summary>A realistic name, and the slug the API should make of it.</summary>
    public string SampleName { get; }

    public string SampleSlug { get; }

    /// <summary>An optional text field that <see cref="Body"/> sets and <see cref="Replacement"/> leaves out.</summary>
    public string OptionalField { get; }

    public string Collection => $"/v1/{Route}";

    public string Url(string idOrSlug) => $"{Collection}/{Uri.EscapeDataString(idOrSlug)}";

    /// <summary>A valid create request with every field set, and a unique name and slug.</summary>
    public JsonObject Body()
    {
        var body = _body(TestData.Unique(SampleName));
        body["slug"] = TestData.Unique(SampleSlug);
        return body;
    }

    /// <summary>A valid request that differs from <see cref="Body"/> in every field and leaves out slug and the optional field.</summary>
    public JsonObject Replacement() => _replacement(TestData.Unique("Renamed"));

    /// <summary>The article request, changed to use the resource with this id.</summary>
    public ArticleRequest UseIn(ArticleRequest article, string id) => _useIn(article, id);

    public async Task<Stored> CreateAsync(HttpClient client, JsonObject? body = null)
    {
        using var response = await client.SendJsonAsync(HttpMethod.Post, Collection, (body ?? Body()).ToJsonString());
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await Stored.ReadAsync(response);
    }

    public async Task<Stored> GetAsync(HttpClient client, string idOrSlug)
    {
        using var response = await client.GetAsync(Url(idOrSlug));
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await Stored.ReadAsync(response);
    }

    /// <summary>Asserts that no resource has this id or slug.</summary>
    public async Task ShouldNotExistAsync(HttpClient client, string idOrSlug)
    {
        using var response = await client.GetAsync(Url(idOrSlug));
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Creates a published article that uses the resource with this id.</summary>
    public async Task<ArticleResponse> CreateArticleUsingAsync(HttpClient client, string id) =>
        await client.CreateArticleAsync(UseIn(await client.NewArticleRequestAsync(), id));
}

/// <summary>A representation as the API returned it: its JSON and its ETag.</summary>
public sealed record Stored(JsonElement Json, string ETag)
{
    public string Id => Json.GetProperty("id").GetString()!;

    public string Slug => Json.GetProperty("slug").GetString()!;

    public string? Text(string field) => Json.GetProperty(field).GetString();

    public static async Task<Stored> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var etag = response.Headers.ETag ?? throw new Xunit.Sdk.XunitException("The response has no ETag header.");
        return new Stored(await response.Content.ReadFromJsonAsync<JsonElement>(), etag.ToString());
    }

    /// <summary>Asserts that every field of <paramref name="request"/> came back as sent.</summary>
    public void ShouldMatch(JsonObject request)
    {
        foreach (var (field, sent) in request)
        {
            Assert.True(Json.TryGetProperty(field, out var got), $"The response has no field '{field}'.");
            Assert.True(
                JsonNode.DeepEquals(sent, JsonNode.Parse(got.GetRawText())),
                $"Field '{field}': sent {sent?.ToJsonString()}, got {got.GetRawText()}.");
        }
    }

    /// <summary>The JSON with the named fields left out, for comparing what a write should not touch.</summary>
    public JsonObject Without(params string[] fields)
    {
        var copy = JsonNode.Parse(Json.GetRawText())!.AsObject();
        foreach (var field in fields)
        {
            copy.Remove(field);
        }

        return copy;
    }
}

internal static class ReferenceResourceHttp
{
    /// <summary>Asserts that a validation problem's errors include <paramref name="key"/>, and returns its messages.</summary>
    public static string[] ShouldHaveErrorFor(this Dictionary<string, string[]> errors, string key)
    {
        Assert.True(errors.TryGetValue(key, out var messages), $"Expected an error keyed '{key}', got: {string.Join(", ", errors.Keys)}.");
        return messages;
    }

    public static async Task<HttpResponseMessage> GetIfNoneMatchAsync(this HttpClient client, string url, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, JsonObject body, string? ifMatch = null) =>
        client.SendJsonAsync(HttpMethod.Put, url, body.ToJsonString(), ifMatch: ifMatch);
}
