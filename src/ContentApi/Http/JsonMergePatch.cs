using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContentApi.Http;

/// <summary>RFC 7396 JSON Merge Patch: applied to the request representation of a resource.</summary>
public static class JsonMergePatch
{
    public const string MediaType = "application/merge-patch+json";

    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="current"/> and reads the result back,
    /// or returns the field error that stopped it (a value of the wrong type, say).
    /// </summary>
    public static (T? Result, ValidationProblem? Problem) Apply<T>(T current, JsonObject patch, JsonSerializerOptions options)
        where T : class
    {
        var target = JsonSerializer.SerializeToNode(current, options) ?? new JsonObject();
        try
        {
            return (Merge(target, patch).Deserialize<T>(options), null);
        }
        catch (JsonException e)
        {
            var field = JsonErrors.FieldName(e.Path);
            return (null, Invalid(field, $"The value of '{field}' has the wrong type or format."));
        }
        // The patch is parsed lazily: what is wrong with it throws only now, when it is first read.
        catch (InvalidOperationException)
        {
            // A name or string with an escaped lone surrogate ("\udc00").
            return (null, Invalid("body", "The body has a name or string that is not valid Unicode (an escaped lone surrogate)."));
        }
        catch (ArgumentException)
        {
            // Two members with the same name, ignoring case ({"headline": ..., "HEADLINE": ...}).
            return (null, Invalid("body", "The body names a field more than once (names are matched ignoring case)."));
        }
    }

    private static ValidationProblem Invalid(string field, string error) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [error] },
        detail: "The merge patch produced an invalid document: see errors.",
        title: "Validation failed");

    internal static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Merge(result[name], value);
            }
        }

        return result;
    }
}

internal static class JsonErrors
{
    /// <summary>"$.featuredImage.url" becomes "featuredImage.url"; an unknown path becomes "body".</summary>
    public static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
