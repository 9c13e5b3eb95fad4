using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContentApi.Http;

namespace ContentApi.Tests.Http;

/// <summary>
/// A write endpoint named as it reads in a test ("PUT /v1/bylines/{id}"), resolved against fresh rows:
/// the {id} of a byline, tag or entity route is the id of one the test has just created.
/// </summary>
public sealed record WriteTarget(HttpMethod Method, string Url, string MediaType)
{
    public const string CreateArticle = "POST /v1/articles";
    public const string CreateTag = "POST /v1/tags";
    public const string CreateByline = "POST /v1/bylines";
    public const string CreateEntity = "POST /v1/entities";
    public const string ReplaceByline = "PUT /v1/bylines/{id}";
    public const string PatchEntity = "PATCH /v1/entities/{id}";

    /// <summary>The four writes the malformed-input tests hit: two creates, a replace and a merge patch.</summary>
    public static readonly IReadOnlyList<string> Malformable = [CreateArticle, CreateTag, ReplaceByline, PatchEntity];

    public static async Task<WriteTarget> ResolveAsync(HttpClient client, string target)
    {
        var (method, route) = target.Split(' ') switch
        {
            [var m, var r] => (new HttpMethod(m), r),
            _ => throw new ArgumentException($"'{target}' is not 'METHOD /route'.", nameof(target)),
        };
        var mediaType = method == HttpMethod.Patch ? JsonMergePatch.MediaType : "application/json";
        if (!route.Contains("{id}", StringComparison.Ordinal))
        {
            return new WriteTarget(method, route, mediaType);
        }

        var id = route.Split('/')[2] switch
        {
            "bylines" => (await client.CreateBylineAsync()).Id,
            "tags" => (await client.CreateTagAsync()).Id,
            "entities" => (await client.CreateEntityAsync()).Id,
            var other => throw new ArgumentException($"No builder for '{other}'.", nameof(target)),
        };
        return new WriteTarget(method, route.Replace("{id}", id, StringComparison.Ordinal), mediaType);
    }

    public Task<HttpResponseMessage> SendAsync(HttpClient client, string body) =>
        SendAsync(client, Encoding.UTF8.GetBytes(body), MediaType);

    public Task<HttpResponseMessage> SendAsync(HttpClient client, byte[] body, string? contentType) =>
        RawRequests.SendAsync(client, Method, Url, body, contentType);

    public override string ToString() => $"{Method} {Url}";
}

public static class RawRequests
{
    /// <summary>Sends exactly these bytes with exactly this Content-Type (none when null, no charset added).</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return client.SendAsync(new HttpRequestMessage(method, url) { Content = content });
    }

    /// <summary>
    /// Asserts an RFC 9457 problem of the given status that explains itself: problem+json, a title, a
    /// detail (unless <paramref name="requireDetail"/> is false), an instance and a traceId.
    /// <paramref name="context"/> names the request in failures.
    /// </summary>
    public static async Task<JsonElement> ShouldBeCompleteProblemAsync(
        this HttpResponseMessage response, HttpStatusCode expected, string context, bool requireDetail = true)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{context}: expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{context}: expected application/problem+json but got '{response.Content.Headers.ContentType}': {body}");
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        string[] members = requireDetail ? ["title", "detail", "instance", "traceId"] : ["title", "instance", "traceId"];
        foreach (var member in members)
        {
            Assert.True(problem.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0,
                $"{context}: the problem has no '{member}': {body}");
        }

        return problem;
    }

    /// <summary>The problem's field errors by field name; fails when it has none.</summary>
    public static Dictionary<string, string[]> Errors(this JsonElement problem, string context)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"{context}: the problem has no 'errors': {problem}");
        return errors.Deserialize<Dictionary<string, string[]>>()!;
    }
}
