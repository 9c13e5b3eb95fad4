using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContentApi.Access;
using ContentApi.Persistence;

namespace ContentApi.Tests.Fuzzing;

/// <summary>A stored resource the fuzzer may aim at: its id, and its slug for the kinds that have one.</summary>
public sealed record FuzzTarget(string Id, string? Slug);

/// <summary>
/// The resources of each kind ("articles", "tags", "keys", "webhooks", "deliveries", ...) that requests
/// aim at, kept up to date as the run goes: a 201 adds what it created, a 204 DELETE removes what it
/// deleted. Generated requests name a target by kind and number (<c>{{tags#7}}</c>, or
/// <c>{{tags#7#slug}}</c> for its slug), resolved against the live list when sent, so the same seed
/// makes the same requests and they still find something after deletes.
/// </summary>
public sealed partial class FuzzTargets
{
    private readonly Dictionary<string, List<FuzzTarget>> _targets = [];

    /// <summary>A number (never a stored id: ids here are small) that names nothing, for when a kind has no targets left.</summary>
    public const string Missing = "987654321";

    public IReadOnlyList<FuzzTarget> Of(string kind) => _targets.TryGetValue(kind, out var list) ? list : [];

    public string Resolve(string kind, int index, bool slug)
    {
        var list = Of(kind);
        if (list.Count == 0)
        {
            return Missing;
        }

        var target = list[index % list.Count];
        return slug && target.Slug is { } s ? s : target.Id;
    }

    /// <summary>The text with every <c>{{kind#n}}</c> and <c>{{kind#n#slug}}</c> replaced by a live target's id or slug.</summary>
    public string ResolveAll(string text) => text.Contains("{{", StringComparison.Ordinal)
        ? Placeholder().Replace(text, m => Resolve(m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[3].Success))
        : text;

    public static string Placeholder(string kind, int index, bool slug = false) => $"{{{{{kind}#{index}{(slug ? "#slug" : "")}}}}}";

    public void Add(string kind, FuzzTarget target)
    {
        if (!_targets.TryGetValue(kind, out var list))
        {
            _targets[kind] = list = [];
        }

        list.Add(target);
    }

    /// <summary>Forgets the target a successful DELETE named by id or slug.</summary>
    public void Remove(string kind, string idOrSlug) =>
        _targets.GetValueOrDefault(kind)?.RemoveAll(t => t.Id == idOrSlug || t.Slug == idOrSlug);

    /// <summary>Learns from an answer: a 201's Location names a new resource of that kind.</summary>
    public void Learn(HttpResponseMessage response, byte[] body)
    {
        if (response.StatusCode != HttpStatusCode.Created || response.Headers.Location?.OriginalString is not { } location)
        {
            return;
        }

        // A created article, tag, key, webhook...; an accepted candidate answers with the entity it made.
        if (location.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["v1", var kind, var id])
        {
            Add(kind, new FuzzTarget(id, SlugOf(body)));
        }
    }

    /// <summary>
    /// The sample newsroom's articles, bylines, tags, entities and candidates, and, made for the run with
    /// names that do not depend on the time or a random number: a few unused bylines, tags and entities (so
    /// deletes can succeed), keys to revoke, webhooks of an admin and of a partner with a queued test
    /// delivery each, extraction jobs, and the former slugs of renamed articles.
    /// </summary>
    public static async Task<FuzzTargets> SeedAsync(ContentApiFactory api)
    {
        var targets = new FuzzTargets();
        using var editor = api.CreateClientFor(ApiRole.Editor);
        using var admin = api.CreateClientFor(ApiRole.Admin);
        using var partner = api.CreateClientFor(ApiRole.Partner);

        foreach (var kind in new[] { "articles", "bylines", "tags", "entities", "entities/candidates" })
        {
            foreach (var item in await ListAsync(editor, $"/v1/{kind}?limit=100"))
            {
                targets.Add(kind.Split('/')[^1], new FuzzTarget(item.GetProperty("id").GetString()!, SlugOf(item)));
            }
        }

        for (var i = 1; i <= 3; i++)
        {
            await CreateAsync(editor, targets, "/v1/bylines", $$"""{"slug": "fuzz-byline-{{i}}", "name": "Fuzz Byline {{i}}"}""");
            await CreateAsync(editor, targets, "/v1/tags", $$"""{"slug": "fuzz-tag-{{i}}", "name": "Fuzz Tag {{i}}", "type": "topic"}""");
            using var entity = await CreateAsync(editor, targets, "/v1/entities", $$"""{"slug": "fuzz-entity-{{i}}", "name": "Fuzzland {{i}}", "type": "place"}""");
            if (entity.Headers.TryGetValues("Link", out var links) && ExtractionLink().Match(string.Join(",", links)) is { Success: true } job)
            {
                targets.Add("extraction-jobs", new FuzzTarget(job.Groups[1].Value, null));
            }

            await CreateAsync(admin, targets, "/v1/keys", $$"""{"name": "fuzz key {{i}}", "role": "reader"}""");
            foreach (var owner in new[] { admin, partner })
            {
                using var webhook = await CreateAsync(owner, targets, "/v1/webhooks", $$"""{"url": "https://hooks.fuzz.example/{{i}}"}""");
                var id = targets.Of("webhooks")[^1].Id;
                using var test = await owner.PostAsync($"/v1/webhooks/{id}/test", null);
                await test.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
                targets.Add("deliveries", new FuzzTarget((await test.ReadAsync<JsonElement>()).GetProperty("id").GetString()!, null));
            }
        }

        // Renamed articles: their former slugs still name them (GET answers with a redirect).
        for (var i = 0; i < 3; i++)
        {
            var renamed = targets.Of("articles")[i];
            using var rename = await editor.MergePatchAsync($"/v1/articles/{renamed.Id}", $$"""{"slug": "fuzz-renamed-article-{{i}}"}""");
            await rename.ShouldHaveStatusAsync(HttpStatusCode.OK);
            targets._targets["articles"][i] = renamed with { Slug = $"fuzz-renamed-article-{i}" };
            targets.Add("articles", new FuzzTarget(renamed.Slug!, renamed.Slug));
        }

        return targets;
    }

    private static async Task<HttpResponseMessage> CreateAsync(HttpClient client, FuzzTargets targets, string url, string json)
    {
        var response = await client.SendJsonAsync(HttpMethod.Post, url, json);
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        targets.Learn(response, await response.Content.ReadAsByteArrayAsync());
        return response;
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return [.. (await response.ReadAsync<JsonElement>()).GetProperty("items").EnumerateArray()];
    }

    private static string? SlugOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("slug", out var slug) && slug.ValueKind == JsonValueKind.String ? slug.GetString() : null;

    private static string? SlugOf(byte[] body)
    {
        try
        {
            return SlugOf(JsonSerializer.Deserialize<JsonElement>(body));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\{\{([a-z-]+)#(\d+)(#slug)?\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"/v1/extraction-jobs/(\d+)")]
    private static partial Regex ExtractionLink();
}
