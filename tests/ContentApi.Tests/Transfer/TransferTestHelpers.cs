using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ContentApi.Persistence;
using ContentApi.Transfer;

namespace ContentApi.Tests.Transfer;

/// <summary>
/// A valid import file whose slugs are unique to one test: a byline, two tags, an entity and two
/// published articles, the first (line 5) pinning the second (line 6), which comes later in the file.
/// Lines are JSON objects a test may change before sending.
/// </summary>
public sealed class NewsroomFile
{
    public NewsroomFile()
    {
        Lines =
        [
            new JsonObject
            {
                ["record"] = "byline", ["slug"] = Byline, ["name"] = "Awa Diallo", ["role"] = "Sahel correspondent",
                ["bio"] = "Awa Diallo reports on the central Sahel from Bamako.",
                ["avatarUrl"] = "https://images.example.com/bylines/awa-diallo.jpg",
                ["links"] = new JsonArray(new JsonObject { ["kind"] = "website", ["url"] = "https://news.example/authors/awa-diallo" }),
            },
            new JsonObject
            {
                ["record"] = "tag", ["slug"] = SecurityTag, ["name"] = "Sahel security",
                ["description"] = "Armed conflict across the central Sahel.", ["type"] = "topic",
            },
            new JsonObject { ["record"] = "tag", ["slug"] = DiplomacyTag, ["name"] = "Diplomacy", ["type"] = "topic" },
            new JsonObject
            {
                // Named for this file only: other files imported into the same database must not have their
                // articles' "Bamako" extracted as this entity (the lowest id owns a shared name).
                ["record"] = "entity", ["slug"] = Entity, ["name"] = $"Bamako {_placeSuffix}", ["type"] = "place",
                ["aliases"] = new JsonArray($"Bamakô {_placeSuffix}"), ["description"] = "Capital of Mali.", ["wikidataId"] = "Q3703",
            },
            Article(Pinning, "Mali defends its security partnership as talks open in Bamako",
                $"Officials met in Bamako on Tuesday.\n\nThe **{Word}** agreement was discussed at length.", pins: Pinned),
            Article(Pinned, "What the Sahel's security reshuffle means", "A short explainer.\n\nIt covers three countries."),
        ];
    }

    private readonly string _placeSuffix = "yq" + Guid.NewGuid().ToString("N")[..8];

    public string Byline { get; } = TestData.Unique("byline");

    public string SecurityTag { get; } = TestData.Unique("tag");

    public string DiplomacyTag { get; } = TestData.Unique("tag");

    public string Entity { get; } = TestData.Unique("entity");

    /// <summary>The article on line 5, which pins <see cref="Pinned"/>.</summary>
    public string Pinning { get; } = TestData.Unique("article");

    /// <summary>The article on line 6.</summary>
    public string Pinned { get; } = TestData.Unique("article");

    /// <summary>A word found only in the body of <see cref="Pinning"/>.</summary>
    public string Word { get; } = "zq" + Guid.NewGuid().ToString("N")[..8];

    public List<JsonObject> Lines { get; }

    public string[] ArticleSlugs => [Pinning, Pinned];

    /// <summary>Line <paramref name="number"/>, counting from 1 as the importer's errors do.</summary>
    public JsonObject Line(int number) => Lines[number - 1];

    public override string ToString() => string.Concat(Lines.Select(line => line.ToJsonString() + "\n"));

    private JsonObject Article(string slug, string headline, string body, string? pins = null) => new()
    {
        ["record"] = "article",
        ["slug"] = slug,
        ["headline"] = headline,
        ["standfirst"] = "Ministers met as the security situation worsened.",
        ["body"] = body,
        ["section"] = "World",
        ["status"] = "published",
        ["publishAt"] = "2026-10-14T08:30:00Z",
        ["language"] = "en",
        ["canonicalUrl"] = $"https://news.example/world/{slug}",
        ["featuredImage"] = new JsonObject
        {
            ["url"] = $"https://images.example.com/articles/{slug}.jpg", ["altText"] = "Two ministers shake hands.",
            ["caption"] = "Talks in Bamako.", ["credit"] = "Agency",
        },
        ["syndication"] = new JsonObject
        {
            ["allowed"] = true, ["licence"] = "Partners may republish with credit.", ["expiresAt"] = "2027-04-14T00:00:00Z",
        },
        ["bylines"] = new JsonArray(new JsonObject { ["byline"] = Byline, ["role"] = "writer" }),
        ["tags"] = new JsonArray(SecurityTag, DiplomacyTag),
        ["entities"] = new JsonArray(Entity),
        ["relatedArticles"] = pins is null ? new JsonArray() : new JsonArray(pins),
    };
}

public static class TransferTestHelpers
{
    /// <summary>The longest the import helpers wait for their job (Prefer: wait) before the server answers 202 instead.</summary>
    public const string Wait = "wait=120";

    /// <summary>POST /v1/import, waiting for the job to end (Prefer: wait), so the answer is its outcome.</summary>
    public static async Task<HttpResponseMessage> ImportAsync(this HttpClient client, string ndjson, string mediaType = ContentRecords.MediaType, string query = "")
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/v1/import{query}") { Content = new StringContent(ndjson, Encoding.UTF8, mediaType) };
        message.Headers.Add("Prefer", Wait);
        return await client.SendAsync(message);
    }

    /// <summary>Imports and asserts 200 with a succeeded job, returning its report.</summary>
    public static async Task<ImportReport> ImportAndReportAsync(this HttpClient client, string ndjson)
    {
        using var response = await client.ImportAsync(ndjson);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var job = await response.ReadAsync<ImportJobResponse>();
        Assert.Equal(ImportJobStatus.Succeeded, job.Status);
        return job.Report!;
    }

    /// <summary>GET /v1/export as NDJSON text, asserting 200 and the media type.</summary>
    public static async Task<string> ExportAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("/v1/export");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(ContentRecords.MediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>The representation without what differs between databases holding the same content: ids and row times.</summary>
    public static JsonNode WithoutIdsAndRowTimes(JsonNode node)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy;

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var name in new[] { "id", "createdAt", "updatedAt" })
                    {
                        obj.Remove(name);
                    }

                    foreach (var (_, value) in obj)
                    {
                        Strip(value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Strip(item);
                    }

                    break;
            }
        }
    }

    public static async Task ShouldBeNotFoundAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }
}

/// <summary>A file in the temp directory with these contents, deleted when disposed.</summary>
public sealed class TempFile : IDisposable
{
    public TempFile(string contents)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"contentapi-transfer-{Guid.NewGuid():N}.ndjson");
        File.WriteAllText(Path, contents);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
