using ContentApi.Access;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ContentApi.Transfer;

/// <summary>Bulk import and export of all content as NDJSON, for editors (and `import`/`export` on the command line).</summary>
public static class TransferEndpoints
{
    public static RouteGroupBuilder MapTransfer(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Transfer");

        group.MapPost("/import", Import).WithName("ImportContent")
            .WithSummary("Import NDJSON: every line is checked first; nothing is written unless all are valid")
            .WithDescription("Records are matched by slug: new ones are created, changed ones updated, identical ones left alone, so importing a file twice changes nothing. Errors are keyed lines[N].field.")
            .Accepts<string>(ContentRecords.MediaType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ForEditors().DisableRequestTimeout();
        group.MapGet("/export", Export).WithName("ExportContent")
            .WithSummary("Export every byline, tag, entity and article as NDJSON, in the import format")
            .Produces<string>(StatusCodes.Status200OK, ContentRecords.MediaType)
            .ForEditors().DisableRequestTimeout();
        return group;
    }

    private static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> Import(
        HttpRequest http, ContentImporter importer, CancellationToken ct)
    {
        if (http.ContentType?.Split(';')[0].Trim() is not (ContentRecords.MediaType or "application/jsonl" or "text/plain"))
        {
            return TypedResults.Problem(
                title: "Unsupported media type",
                detail: $"Send the records as {ContentRecords.MediaType}: one JSON object per line.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        // Two passes need the input twice: keep a copy of the body on disk.
        var copy = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(copy))
            {
                await http.Body.CopyToAsync(file, ct);
            }

            var (report, errors) = await importer.ImportAsync(() => File.OpenRead(copy), Revisions.Author.Of(http.HttpContext.User), ct);
            return report is not null
                ? TypedResults.Ok(report)
                : TypedResults.ValidationProblem(errors!, title: "Import refused",
                    detail: $"Some lines are invalid (at most {ContentImporter.MaxReportedErrors} are listed); nothing was imported.");
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static PushStreamHttpResult Export(ContentDb db, IOptions<JsonOptions> json) =>
        TypedResults.Stream(stream => ContentExporter.ExportAsync(db, stream, json.Value.SerializerOptions, CancellationToken.None),
            ContentRecords.MediaType, "content.ndjson");
}
