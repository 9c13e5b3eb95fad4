using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ContentApi.Tests.OpenApi;

/// <summary>
/// Checks real answers against the committed contract with a JSON Schema validator (JsonSchema.Net): the status must be
/// one the operation documents, and a JSON body must match the documented schema of that status and media type. The
/// contract's OpenAPI 3.0 schemas are read as JSON Schema: components become $defs, and nullable: true allows null.
/// </summary>
public static class ContractValidator
{
    private static readonly Lazy<JsonNode> Document = new(() => JsonNode.Parse(File.ReadAllText(OpenApiContractTests.CommittedDocumentPath()))!);
    private static readonly Lazy<JsonObject> Definitions = new(() => (JsonObject)ToJsonSchema(Document.Value["components"]!["schemas"]!));
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();

    /// <summary>What is wrong with an answer, by the contract (nothing: an empty list).</summary>
    public static List<string> Check(HttpMethod method, string path, int status, string? mediaType, string body)
    {
        var where = $"{method} {path} → {status}";
        if (TemplateOf(path, method) is not { } template)
        {
            return [$"{where}: no operation of the contract has this method and path"];
        }

        var responses = Document.Value["paths"]![template]![method.Method.ToLowerInvariant()]!["responses"]!.AsObject();
        if (responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not { } response)
        {
            return [$"{where}: {method} {template} does not document {status} (it documents {string.Join(", ", responses.Select(r => r.Key))})"];
        }

        if (body.Length == 0 || mediaType is null)
        {
            return [];
        }

        if (response["content"]?[mediaType] is not { } media)
        {
            return [$"{where}: {mediaType} is not documented for {status} (documented: {string.Join(", ", response["content"]?.AsObject().Select(c => c.Key) ?? [])})"];
        }

        // JSON bodies (not NDJSON, not the XML feeds) are checked against their schema.
        if (!mediaType.EndsWith("json", StringComparison.Ordinal) || mediaType.EndsWith("ndjson", StringComparison.Ordinal) || media["schema"] is not { } schema)
        {
            return [];
        }

        var key = $"{template} {method} {status} {mediaType}";
        var validator = Schemas.GetOrAdd(key, _ =>
        {
            var root = (JsonObject)ToJsonSchema(schema);
            root["$defs"] = Definitions.Value.DeepClone();
            return JsonSchema.FromText(root.ToJsonString());
        });
        var results = validator.Evaluate(JsonDocument.Parse(body).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Take(5)
                .Select(d => $"{where} ({key}): at '{d.InstanceLocation}' {string.Join("; ", d.Errors!.Values)} (schema {d.EvaluationPath})")];
    }

    /// <summary>The contract path a request path is an instance of, preferring literal segments over parameters.</summary>
    public static string? TemplateOf(string path, HttpMethod method)
    {
        var segments = path.Split('?')[0].Split('/');
        return Document.Value["paths"]!.AsObject()
            .Where(p => p.Value![method.Method.ToLowerInvariant()] is not null)
            .Select(p => (Template: p.Key, Parts: p.Key.Split('/')))
            .Where(t => t.Parts.Length == segments.Length
                && t.Parts.Zip(segments).All(z => z.First.StartsWith('{') || z.First == Uri.UnescapeDataString(z.Second)))
            .OrderByDescending(t => t.Parts.Count(s => !s.StartsWith('{')))
            .Select(t => t.Template)
            .FirstOrDefault();
    }

    /// <summary>An OpenAPI 3.0 schema as JSON Schema 2020-12: refs into $defs, nullable as anyOf with null, examples dropped.</summary>
    private static JsonNode ToJsonSchema(JsonNode node)
    {
        switch (node)
        {
            case JsonArray array:
                return new JsonArray([.. array.Select(item => item is null ? null : ToJsonSchema(item))]);
            case JsonObject source:
                var copy = new JsonObject();
                foreach (var (name, value) in source)
                {
                    if (name is "nullable" or "example")
                    {
                        continue;
                    }

                    copy[name] = name == "$ref"
                        ? value!.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal)
                        : value is null ? null : ToJsonSchema(value);
                }

                return source["nullable"]?.GetValue<bool>() == true ? new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, copy) } : copy;
            default:
                return node.DeepClone();
        }
    }
}

/// <summary>Checks every answer a client gets against the contract, and keeps what was wrong.</summary>
public sealed class ContractCheckingHandler : DelegatingHandler
{
    public ConcurrentQueue<string> Failures { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
        foreach (var failure in ContractValidator.Check(request.Method, request.RequestUri!.PathAndQuery, (int)response.StatusCode,
                     response.Content?.Headers.ContentType?.MediaType, body))
        {
            Failures.Enqueue(failure);
        }

        return response;
    }
}
