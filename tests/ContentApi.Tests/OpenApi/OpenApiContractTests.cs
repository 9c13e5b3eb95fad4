using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContentApi.Tests.OpenApi;

/// <summary>The committed openapi/v1.json is the contract: it must be what the service serves, and complete.</summary>
public sealed class OpenApiContractTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const string Regenerate = "dotnet run --project src/ContentApi -- openapi";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task CommittedDocumentMatchesWhatTheServiceServes()
    {
        var served = JsonNode.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"));
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedDocumentPath()));

        Assert.True(JsonNode.DeepEquals(served, committed),
            $"openapi/v1.json differs from the document the service serves. Regenerate it with `{Regenerate}` and commit it.");
    }

    [Fact]
    public async Task EveryOperationIsNamedSummarisedAndDocumentsSuccessErrorsAndExamples()
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(CommittedDocumentPath()));
        var failures = new List<string>();
        var operationIds = new HashSet<string>();

        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var op = operation.Value;
                if (!op.TryGetProperty("operationId", out var id) || !operationIds.Add(id.GetString()!))
                {
                    failures.Add($"{name}: missing or duplicate operationId");
                }

                if (!op.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                {
                    failures.Add($"{name}: no summary");
                }

                if (!op.TryGetProperty("description", out var told) || string.IsNullOrWhiteSpace(told.GetString()))
                {
                    failures.Add($"{name}: no description");
                }

                var codes = op.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
                if (!codes.Any(c => c.StartsWith('2')))
                {
                    failures.Add($"{name}: no 2xx response");
                }

                if (!codes.Any(c => c.StartsWith('4')))
                {
                    failures.Add($"{name}: no 4xx response");
                }

                foreach (var response in op.GetProperty("responses").EnumerateObject())
                {
                    failures.AddRange(MissingExamples(response.Value, $"{name} {response.Name}"));
                    if (response.Name.StartsWith('4') && response.Value.TryGetProperty("content", out var content)
                        && !content.TryGetProperty("application/problem+json", out _))
                    {
                        failures.Add($"{name} {response.Name}: error not documented as application/problem+json");
                    }
                }

                if (op.TryGetProperty("requestBody", out var body))
                {
                    failures.AddRange(MissingExamples(body, $"{name} request body"));
                }

                foreach (var parameter in op.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : default)
                {
                    if (!parameter.TryGetProperty("description", out var description) || string.IsNullOrWhiteSpace(description.GetString()))
                    {
                        failures.Add($"{name}: parameter '{parameter.GetProperty("name").GetString()}' has no description");
                    }
                }
            }
        }

        var root = document.RootElement;
        failures.AddRange(root.GetProperty("tags").EnumerateArray()
            .Where(t => !t.TryGetProperty("description", out var d) || string.IsNullOrWhiteSpace(d.GetString()))
            .Select(t => $"tag '{t.GetProperty("name").GetString()}': no description"));
        if (!root.TryGetProperty("servers", out var servers) || servers.GetArrayLength() == 0)
        {
            failures.Add("no servers");
        }

        foreach (var field in new[] { "contact", "license" })
        {
            if (!root.GetProperty("info").TryGetProperty(field, out _))
            {
                failures.Add($"info has no {field}");
            }
        }

        Assert.True(operationIds.Count >= 24, $"Expected the CRUD operations of four resources, found {operationIds.Count}.");
        Assert.Empty(failures);
    }

    private static IEnumerable<string> MissingExamples(JsonElement holder, string where)
    {
        if (!holder.TryGetProperty("content", out var content))
        {
            yield break;
        }

        foreach (var media in content.EnumerateObject())
        {
            if (!media.Value.TryGetProperty("example", out _) && !media.Value.TryGetProperty("examples", out _))
            {
                yield return $"{where} ({media.Name}): no example";
            }
        }
    }

    internal static string CommittedDocumentPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "openapi", "v1.json");
            if (File.Exists(Path.Combine(folder.FullName, "ContentApi.sln")) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("openapi/v1.json was not found above the test output folder.");
    }
}
