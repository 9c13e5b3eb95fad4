using ContentApi.Access;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Transfer;

/// <summary>Bulk import (as jobs) and export of all content as NDJSON, and migrations from WordPress and Ghost, for editors.</summary>
public static class TransferEndpoints
{
    public static RouteGroupBuilder MapTransfer(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Transfer");

        group.MapPost("/import", Import).WithName("ImportContent")
            .WithSummary("Import NDJSON, or migrate a WordPress or Ghost export, as a background job")
            .WithDescription("The body is stored, then a job checks every record and writes them only when all are valid: the answer is 202 with Location: /v1/imports/{id} as soon as the body is received. "
                + "With Prefer: wait=N (seconds, at most 300) the answer waits for the job: 200 with the finished job, or 400 with the invalid lines, when it ends in time; else 202. "
                + "Records are matched by slug: new ones are created, changed ones updated, identical ones left alone, so importing a file twice changes nothing. Errors are keyed lines[N].field. "
                + "?from=wordpress takes a WXR export, ?from=ghost a Ghost JSON export: they are converted to NDJSON first, and the job lists what could not be mapped.")
            .Accepts<string>(ContentRecords.MediaType, "application/jsonl", "text/plain", "application/xml", "text/xml", "application/rss+xml", "application/json")
            .Produces<ImportJobResponse>(StatusCodes.Status202Accepted)
            .WithMetadata(
                new OpenApi.RequestHeader("Prefer", "wait=N: answer with the job's outcome (200, or 400 with the invalid lines) if it ends within N seconds (at most 300), else 202. Preference-Applied says when it was honoured."),
                new OpenApi.AcceptedLocation("The job: GET it for its status, progress and outcome."))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ForEditors().DisableRequestTimeout();
        group.MapGet("/imports/{id}", GetImport).WithName("GetImport")
            .WithSummary("An import job: its status, lines checked and written, rate, and its report or the lines' errors")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ForEditors();
        group.MapGet("/export", Export).WithName("ExportContent")
            .WithSummary("Export every byline, tag, entity and article as NDJSON, in the import format")
            .Produces<string>(StatusCodes.Status200OK, ContentRecords.MediaType)
            .ForEditors().DisableRequestTimeout();
        return group;
    }

    private static async Task<Results<Ok<ImportJobResponse>, Accepted<ImportJobResponse>, ValidationProblem, ProblemHttpResult>> Import(
        [AsParameters] ImportQuery query, HttpRequest http, ContentDb db, ImportJobSignal signal, TimeProvider clock, IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (query.FormatFor(http.ContentType) is not { } format)
        {
            return TypedResults.Problem(
                title: "Unsupported media type",
                detail: $"Send NDJSON records as {ContentRecords.MediaType} (one JSON object per line), a WordPress export as application/xml, "
                    + "or say what the body is with ?from=ndjson, ?from=wordpress or ?from=ghost (a Ghost export is JSON: use ?from=ghost).",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var job = await ImportJobs.QueueAsync(db, format, http.Body, Revisions.Author.Of(http.HttpContext.User), clock.UtcNow(), ct);
        signal.Notify();
        var options = json.Value.SerializerOptions;
        if (PreferredWait(http) is { } wait)
        {
            job = await ImportJobs.WaitAsync(db, job.Id, wait, ct);
            if (job.Status is ImportJobStatus.Succeeded or ImportJobStatus.Failed)
            {
                http.HttpContext.Response.Headers["Preference-Applied"] = $"wait={(int)wait.TotalSeconds}";
                var finished = ImportJobs.ToResponse(job, clock.UtcNow(), options);
                return finished.Problem is { } problem
                    ? TypedResults.ValidationProblem(problem.Errors, problem.Detail, title: problem.Title)
                    : TypedResults.Ok(finished);
            }
        }

        return TypedResults.Accepted(ImportJobs.PathOf(job.Id), ImportJobs.ToResponse(job, clock.UtcNow(), options));
    }

    private static async Task<Results<Ok<ImportJobResponse>, ProblemHttpResult>> GetImport(
        string id, ContentDb db, TimeProvider clock, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var job = Lookup.TryParseId(id, out var key)
            ? await db.ImportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == key && j.Status != ImportJobStatus.Receiving, ct)
            : null;
        return job is null ? Problems.NotFound("Import", id) : TypedResults.Ok(ImportJobs.ToResponse(job, clock.UtcNow(), json.Value.SerializerOptions));
    }

    /// <summary>The wait the client prefers (RFC 7240 "Prefer: wait=N"), at most <see cref="ImportJobs.MaxWait"/>; null without one.</summary>
    private static TimeSpan? PreferredWait(HttpRequest http) =>
        http.Headers["Prefer"].SelectMany(v => (v ?? "").Split(',', ';')).Select(p => p.Trim())
            .Where(p => p.StartsWith("wait=", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.TryParse(p[5..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? (int?)s : null)
            .FirstOrDefault() is { } seconds
            ? TimeSpan.FromSeconds(Math.Min(seconds, ImportJobs.MaxWait.TotalSeconds))
            : null;

    private static PushStreamHttpResult Export(ContentDb db, IOptions<JsonOptions> json) =>
        TypedResults.Stream(stream => ContentExporter.ExportAsync(db, stream, json.Value.SerializerOptions, CancellationToken.None),
            ContentRecords.MediaType, "content.ndjson");
}
