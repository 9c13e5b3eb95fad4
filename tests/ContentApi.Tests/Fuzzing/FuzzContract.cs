using System.Text.Json.Nodes;
using ContentApi.Tests.OpenApi;

namespace ContentApi.Tests.Fuzzing;

/// <summary>A JSON schema as far as the fuzzer needs it: the type, format, enum values, items and properties.</summary>
public sealed record FuzzSchema(
    string? Type, string? Format, IReadOnlyList<string> Enum, FuzzSchema? Items, IReadOnlyDictionary<string, FuzzSchema> Properties)
{
    public static readonly FuzzSchema Any = new(null, null, [], null, new Dictionary<string, FuzzSchema>());
}

/// <summary>A query parameter of an operation.</summary>
public sealed record FuzzParameter(string Name, FuzzSchema Schema);

/// <summary>The request body an operation documents: its media type, schema and example.</summary>
public sealed record FuzzBodySpec(string MediaType, FuzzSchema Schema, JsonNode? Example);

/// <summary>One operation of the committed contract, with what the fuzzer needs to call it and judge the answer.</summary>
public sealed record FuzzOperation(
    string Method, string Path, string Policy, IReadOnlyList<string> PathParameters, IReadOnlyList<FuzzParameter> Query,
    FuzzBodySpec? Body, IReadOnlySet<int> Statuses)
{
    public bool IsWrite => Method != "GET";

    /// <summary>Whether the operation documents this header parameter (If-Match, If-None-Match, Idempotency-Key).</summary>
    public bool HasHeader(string name) => Headers.Contains(name);

    public IReadOnlySet<string> Headers { get; init; } = new HashSet<string>();

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// Reads the operations of openapi/v1.json (the committed contract, kept equal to what the service serves
/// by <see cref="OpenApiContractTests"/>), the way <c>AuthorizationMatrixTests</c> walks it.
/// </summary>
public static class FuzzContract
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];
    private static readonly Lazy<JsonNode> Document = new(() => JsonNode.Parse(File.ReadAllText(OpenApiContractTests.CommittedDocumentPath()))!);
    private static readonly Lazy<IReadOnlyList<FuzzOperation>> All = new(Load);

    public static IReadOnlyList<FuzzOperation> Operations => All.Value;

    public static FuzzOperation Find(string method, string path) =>
        Operations.Single(o => o.Method == method && o.Path == path);

    private static List<FuzzOperation> Load()
    {
        var operations = new List<FuzzOperation>();
        foreach (var (path, item) in Document.Value["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => Methods.Contains(o.Key)))
            {
                var parameters = operation!["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
                var body = operation["requestBody"]?["content"]?.AsObject().FirstOrDefault() is { Key: { } mediaType } content
                    ? new FuzzBodySpec(mediaType, Resolve(content.Value?["schema"], 0), content.Value?["example"]?.DeepClone())
                    : null;
                operations.Add(new FuzzOperation(
                    method.ToUpperInvariant(),
                    path,
                    operation["x-required-policy"]?.GetValue<string>() ?? "(none)",
                    [.. parameters.Where(p => In(p, "path")).Select(p => p["name"]!.GetValue<string>())],
                    [.. parameters.Where(p => In(p, "query")).Select(p => new FuzzParameter(p["name"]!.GetValue<string>(), Resolve(p["schema"], 0)))],
                    body,
                    operation["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet())
                {
                    Headers = parameters.Where(p => In(p, "header")).Select(p => p["name"]!.GetValue<string>()).ToHashSet(),
                });
            }
        }

        return operations;
    }

    private static bool In(JsonNode parameter, string location) => parameter["in"]?.GetValue<string>() == location;

    /// <summary>The schema with its $refs followed (to a depth that stops cycles).</summary>
    private static FuzzSchema Resolve(JsonNode? schema, int depth)
    {
        if (schema is null || depth > 6)
        {
            return FuzzSchema.Any;
        }

        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return Resolve(Document.Value["components"]!["schemas"]![reference.Split('/')[^1]], depth + 1);
        }

        var properties = schema["properties"]?.AsObject().ToDictionary(p => p.Key, p => Resolve(p.Value, depth + 1))
            ?? new Dictionary<string, FuzzSchema>();
        return new FuzzSchema(
            schema["type"]?.GetValue<string>() ?? (properties.Count > 0 ? "object" : null),
            schema["format"]?.GetValue<string>(),
            schema["enum"]?.AsArray().Select(e => e!.GetValue<string>()).ToList() ?? [],
            schema["items"] is { } items ? Resolve(items, depth + 1) : null,
            properties);
    }
}
