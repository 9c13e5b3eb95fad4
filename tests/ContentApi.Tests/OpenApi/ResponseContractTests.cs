using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentApi.Persistence;
using ContentApi.Tests.Fuzzing;

namespace ContentApi.Tests.OpenApi;

/// <summary>
/// Real answers match the committed contract, checked with a JSON Schema validator (see <see cref="ContractValidator"/>):
/// the success of every GET operation on the sample newsroom (whose articles have no featured image: GET /v1/sync said
/// featuredImage was an object and sent null), a round of writes, and errors of every operation.
/// </summary>
public sealed class ResponseContractTests(SampleContentFactory api) : IClassFixture<SampleContentFactory>
{
    [Fact]
    public async Task EveryGetOperation_AnswersWhatItsContractSays()
    {
        var (client, check) = Client(ApiRole.Admin);
        var values = await PathValuesAsync(client);
        var answered = new List<string>();

        foreach (var operation in FuzzContract.Operations.Where(o => o.Method == "GET"))
        {
            var url = Fill(operation.Path, values);
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            answered.Add(url);
        }

        Assert.Contains(answered, u => u.StartsWith("/v1/sync", StringComparison.Ordinal));
        Assert.Empty(check.Failures);
    }

    [Fact]
    public async Task Writes_AnswerWhatTheirContractSays()
    {
        var (admin, check) = Client(ApiRole.Admin);
        var tag = await ReadAsync(await admin.PostAsJsonAsync("/v1/tags", new { name = TestData.Unique("Contract"), type = "topic" }));
        var id = tag.GetProperty("id").GetString();
        await SendAsync(admin, HttpMethod.Put, $"/v1/tags/{id}", """{ "name": "Contract renamed", "type": "topic" }""");
        await SendAsync(admin, HttpMethod.Patch, $"/v1/tags/{id}", """{ "description": "Patched." }""", "application/merge-patch+json");
        await SendAsync(admin, HttpMethod.Delete, $"/v1/tags/{id}", "");
        var article = await ReadAsync(await admin.PostAsJsonAsync("/v1/articles", await api.CreateClient().NewArticleRequestAsync(), TestData.Json));
        await SendAsync(admin, HttpMethod.Patch, $"/v1/articles/{article.GetProperty("id").GetString()}", """{ "featuredImage": null, "standfirst": null }""",
            "application/merge-patch+json");
        var webhook = await ReadAsync(await admin.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/contract" }));
        var hook = webhook.GetProperty("id").GetString();
        await SendAsync(admin, HttpMethod.Post, $"/v1/webhooks/{hook}/rotate-secret", "");
        await SendAsync(admin, HttpMethod.Post, $"/v1/webhooks/{hook}/test", "");
        var key = await ReadAsync(await admin.PostAsJsonAsync("/v1/keys", new { name = "Contract", role = "reader" }));
        await SendAsync(admin, HttpMethod.Delete, $"/v1/keys/{key.GetProperty("id").GetString()}", "");

        Assert.Empty(check.Failures);
    }

    [Fact]
    public async Task ErrorsOfEveryOperation_AreTheProblemsTheContractDocuments()
    {
        var (admin, check) = Client(ApiRole.Admin);
        var (anonymous, anonymousCheck) = Client(null);
        foreach (var operation in FuzzContract.Operations)
        {
            var url = Fill(operation.Path, new Dictionary<string, string>(), missing: "999999");
            // An unknown parameter: 400 everywhere.
            using (var request = new HttpRequestMessage(new HttpMethod(operation.Method), url + "?unknown=1"))
            {
                using var response = await admin.SendAsync(request);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            }

            // A missing resource, or no key where one is needed.
            if (operation.PathParameters.Count == 0 && operation.Policy == "read")
            {
                continue;
            }

            using var missing = await (operation.Policy == "read" ? admin : anonymous).SendAsync(new HttpRequestMessage(new HttpMethod(operation.Method), url)
            {
                Content = operation.Body is null ? null : new StringContent("{}", Encoding.UTF8, operation.Body.MediaType),
            });
            Assert.True((int)missing.StatusCode >= 400, $"{operation}: {(int)missing.StatusCode}");
        }

        Assert.Empty(check.Failures);
        Assert.Empty(anonymousCheck.Failures);
    }

    private (HttpClient Client, ContractCheckingHandler Check) Client(ApiRole? role)
    {
        var check = new ContractCheckingHandler();
        var client = api.CreateDefaultClient(check);
        client.DefaultRequestHeaders.Authorization = role is { } r ? new AuthenticationHeaderValue("Bearer", api.KeyFor(r)) : null;

        return (client, check);
    }

    /// <summary>Ids of real resources for the path parameters of the GET operations.</summary>
    private async Task<Dictionary<string, string>> PathValuesAsync(HttpClient admin)
    {
        var article = await ReadAsync(await admin.PostAsJsonAsync("/v1/articles", await api.CreateClient().NewArticleRequestAsync(), TestData.Json));
        var articleId = article.GetProperty("id").GetString()!;
        await SendAsync(admin, HttpMethod.Patch, $"/v1/articles/{articleId}", """{ "headline": "A second revision" }""", "application/merge-patch+json");
        using var entity = await admin.PostAsJsonAsync("/v1/entities", new { name = TestData.Unique("Contract Institute"), type = "organisation" });
        var link = entity.Headers.GetValues("Link").Single();
        var webhook = await ReadAsync(await admin.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/contract-get" }));
        var first = (string kind) => ReadAsync(admin.GetAsync($"/v1/{kind}?limit=1")).ContinueWith(t => t.Result.GetProperty("items")[0].GetProperty("id").GetString()!);
        return new Dictionary<string, string>
        {
            ["articles"] = articleId,
            ["bylines"] = await first("bylines"),
            ["tags"] = await first("tags"),
            ["entities"] = (await ReadAsync(entity)).GetProperty("id").GetString()!,
            ["extraction-jobs"] = link[(link.LastIndexOf('/') + 1)..link.IndexOf('>', StringComparison.Ordinal)],
            ["webhooks"] = webhook.GetProperty("id").GetString()!,
            ["number"] = "1",
            ["from"] = "1",
            ["to"] = "2",
        };
    }

    /// <summary>The path with each {parameter} replaced: by name (number, from, to), else by the kind of resource before it.</summary>
    private static string Fill(string template, Dictionary<string, string> values, string missing = "")
    {
        var parts = template.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].StartsWith('{'))
            {
                var name = parts[i].Trim('{', '}');
                parts[i] = values.GetValueOrDefault(name) ?? values.GetValueOrDefault(parts[i - 1]) ?? (missing.Length > 0 ? missing : throw new InvalidOperationException($"No value for {parts[i]} in {template}"));
            }
        }

        return string.Join('/', parts);
    }

    private static async Task<JsonElement> ReadAsync(Task<HttpResponseMessage> response) => await ReadAsync(await response);

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task SendAsync(HttpClient client, HttpMethod method, string url, string json, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, url) { Content = json.Length == 0 ? null : new StringContent(json, Encoding.UTF8, mediaType) };
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
