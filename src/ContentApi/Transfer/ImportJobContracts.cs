using System.ComponentModel;
using System.Text.Json.Serialization;
using ContentApi.Transfer.Sources;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace ContentApi.Transfer;

/// <summary>The query string of POST /v1/import.</summary>
public sealed record ImportQuery(
    [FromQuery(Name = "from")]
    [property: Description("What the body is: ndjson (this service's format), wordpress (a WXR export) or ghost (a Ghost JSON export). When omitted, the content type decides: application/x-ndjson, application/jsonl or text/plain is NDJSON; application/xml, text/xml or application/rss+xml is WordPress")]
    string? From = null)
{
    public static readonly string[] Formats = [Ndjson, "wordpress", "ghost"];

    public const string Ndjson = "ndjson";

    /// <summary>The format the request names, by its parameter or else its content type; null when neither says.</summary>
    public string? FormatFor(string? contentType) => From ?? (contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        ContentRecords.MediaType or "application/jsonl" or "text/plain" => Ndjson,
        "application/xml" or "text/xml" or "application/rss+xml" => "wordpress",
        _ => null,
    });

    public static SourceFormat? SourceOf(string format) => format switch
    {
        "wordpress" => SourceFormat.WordPress,
        "ghost" => SourceFormat.Ghost,
        _ => null,
    };
}

public sealed class ImportQueryValidator : AbstractValidator<ImportQuery>
{
    public ImportQueryValidator() =>
        RuleFor(q => q.From).Must(f => f is null || ImportQuery.Formats.Contains(f))
            .WithMessage($"'from' must be one of: {string.Join(", ", ImportQuery.Formats)}.");
}

/// <summary>An import job: what it is doing, how far it has got, and how it ended.</summary>
public sealed record ImportJobResponse(
    [property: Description("The job's id")] string Id,
    [property: Description("ndjson, wordpress or ghost")] string Format,
    [property: Description("queued; checking (every line, nothing written yet); writing; succeeded; failed (see problem)")] ImportJobStatus Status,
    [property: Description("When the body was received")] DateTime QueuedAt,
    [property: Description("When a runner started (or last restarted) it")] DateTime? StartedAt,
    [property: Description("When it succeeded or failed")] DateTime? FinishedAt,
    [property: Description("Size of the body received")] long BodyBytes,
    [property: Description("Records checked so far (for a migration: records of the converted file)")] long LinesChecked,
    [property: Description("Records written so far; nothing is written until every record has been checked")] long LinesWritten,
    [property: Description("How many records the file has, once all are checked")] long? TotalLines,
    [property: Description("Records per second since it started (checking, then writing); null before a second has passed")] double? LinesPerSecond,
    [property: Description("How many times a runner took the job up: more than 1 when it was resumed after a stop (it then runs again from the start, which changes only what the first run had not written)")] int Attempts,
    [property: Description("What the import did: present once it succeeded"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImportReport? Report,
    [property: Description("For wordpress and ghost, once converted: what was converted and what could not be mapped"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SourceConversion? Conversion,
    [property: Description("Why it failed, present once it failed: an RFC 9457 problem, with errors keyed lines[N].field when lines are invalid (then nothing was written)"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HttpValidationProblemDetails? Problem);
