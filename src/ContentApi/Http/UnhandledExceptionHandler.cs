using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ContentApi.Http;

/// <summary>
/// Turns every exception that escapes a handler into an RFC 9457 problem: bad requests keep their
/// status and a useful message, concurrency and uniqueness races become 412/409, the rest a bare 500.
/// </summary>
public sealed partial class UnhandledExceptionHandler(IProblemDetailsService problems, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => InvalidJson(json),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = TitleFor(bad.StatusCode),
                Detail = bad.Message,
            },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Title = "Precondition failed",
                Detail = "Another request changed this resource while yours was being applied. GET it again and retry.",
            },
            // The writer inserts new articles and their links itself, so a clash there arrives without EF's wrapper.
            DbUpdateException { InnerException: SqliteException { SqliteErrorCode: 19 } }
                or SqliteException { SqliteErrorCode: 19 }
                or DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation } }
                or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation } => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = "The change clashes with another resource (a slug already taken, or a reference still in use).",
            },
            _ => null,
        };

        if (problem is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal server error",
                Detail = "The server failed to handle the request. It has been logged; retrying may help.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static HttpValidationProblemDetails InvalidJson(JsonException json)
    {
        var field = JsonErrors.FieldName(json.Path);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [field] = [json.Path is null or "$"
                ? "The body is not valid JSON."
                : $"The value of '{field}' is not valid JSON or has the wrong type or format."],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed request body",
            Detail = $"The JSON body could not be read: {json.Message.Split(" Path:")[0]}",
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);

    private static string TitleFor(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status414UriTooLong => "Query string too long",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "Request headers too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Bad request",
    };
}
