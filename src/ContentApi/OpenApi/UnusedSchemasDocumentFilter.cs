using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ContentApi.OpenApi;

/// <summary>
/// Drops the JsonNode schemas that merge-patch handlers leave behind: they bind a JsonObject, but
/// their body is documented as the request they patch (HttpConventionsOperationFilter).
/// </summary>
public sealed class UnusedSchemasDocumentFilter : IDocumentFilter
{
    private static readonly string[] BoundOnly = ["JsonNode", "JsonNodeOptions"];

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        foreach (var name in BoundOnly)
        {
            swaggerDoc.Components?.Schemas?.Remove(name);
        }
    }
}
