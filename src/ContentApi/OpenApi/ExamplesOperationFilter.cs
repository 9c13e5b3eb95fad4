using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ContentApi.OpenApi;

/// <summary>Puts an example on every request body and every response body in the document.</summary>
public sealed class ExamplesOperationFilter(IOptions<JsonOptions> json) : IOperationFilter
{
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = "/" + (context.ApiDescription.RelativePath ?? "");
        var kind = Kind(context.ApiDescription.GroupName ?? operation.Tags?.FirstOrDefault()?.Name);

        if (operation.RequestBody?.Content is { } requestContent)
        {
            var requestType = RequestType(context);
            foreach (var (mediaType, media) in requestContent)
            {
                var example = requestType is null ? null
                    : mediaType == JsonMergePatch.MediaType ? OpenApiExamples.PatchFor(requestType) : OpenApiExamples.For(requestType);
                SetExample(media, example);
            }
        }

        foreach (var (code, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse { Content: { } content } || !int.TryParse(code, out var status))
            {
                continue;
            }

            var declared = context.ApiDescription.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode == status)?.Type;
            foreach (var (mediaType, media) in content)
            {
                SetExample(media, mediaType == "application/problem+json" || status >= 400
                    ? OpenApiExamples.Problem(status, kind, context.ApiDescription.HttpMethod ?? "GET", path.Replace("{idOrSlug}", "no-such-slug", StringComparison.Ordinal))
                    : OpenApiExamples.ForMediaType(mediaType) ?? (declared is null ? null : OpenApiExamples.For(declared)));
            }
        }
    }

    /// <summary>The declared request type: for a merge patch, the request it patches (from Accepts), not the JsonObject it binds.</summary>
    internal static Type? RequestType(OperationFilterContext context) =>
        context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAcceptsMetadata>()
            .LastOrDefault(a => a.RequestType is not null)?.RequestType
        ?? context.ApiDescription.ParameterDescriptions.FirstOrDefault(p => p.Source.Id == "Body")?.Type;

    private void SetExample(IOpenApiMediaType media, object? example)
    {
        if (media is OpenApiMediaType concrete && example is not null)
        {
            // NDJSON and other text bodies are shown as the text itself.
            concrete.Example = example is string text ? JsonValue.Create(text) : JsonSerializer.SerializeToNode(example, example.GetType(), _json);
        }
    }

    private static string Kind(string? tag) => tag switch
    {
        "Articles" => "Article",
        "Bylines" => "Byline",
        "Entities" => "Entity",
        "Tags" => "Tag",
        "Keys" => "Key",
        "Entity candidates" => "Candidate",
        "Extraction jobs" => "Extraction job",
        "Webhooks" => "Webhook",
        "Revisions" => Revisions.RevisionEndpoints.Kind,
        "Trash" => Trash.TrashEndpoints.Kind,
        "Backups" => Backups.BackupEndpoints.Kind,
        _ => "Resource",
    };
}
