namespace ContentApi.Http;

/// <summary>The problem responses the API returns for expected failures, worded once.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string kind, string key) => TypedResults.Problem(
        title: $"{kind} not found",
        detail: $"No {kind.ToLowerInvariant()} has the id or slug '{key}'.",
        statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult PreconditionFailed() => TypedResults.Problem(
        title: "Precondition failed",
        detail: "The resource has changed since the ETag in If-Match was issued. GET it again, reapply your change and retry with the new ETag.",
        statusCode: StatusCodes.Status412PreconditionFailed);

    public static ProblemHttpResult SlugTaken(string kind, string slug) => TypedResults.Problem(
        title: "Slug already in use",
        detail: $"Another {kind.ToLowerInvariant()} already uses the slug '{slug}'. Choose another slug, or omit it to have one generated.",
        statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult InUse(string kind, string slug, int articleCount) => TypedResults.Problem(
        title: $"{kind} is in use",
        detail: $"The {kind.ToLowerInvariant()} '{slug}' is used by {articleCount} article{(articleCount == 1 ? "" : "s")}. Remove it from those articles before deleting it.",
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["articleCount"] = articleCount });

    /// <summary>Writes a problem from middleware (authentication, rate limits), where no handler returns a result.</summary>
    public static Task WriteProblemAsync(this IProblemDetailsService problems, HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}

/// <summary>
/// Writes a problem as application/problem+json whatever the request's Accept header asks for. The
/// framework's writer declines when Accept names only other types (application/atom+xml, text/html),
/// which turned a 401, 403 or 413 written from middleware into an empty 500. Registered after it, so it
/// writes only what it declines, customized the same way.
/// </summary>
internal sealed class AnyAcceptProblemWriter(
    Microsoft.Extensions.Options.IOptions<ProblemDetailsOptions> options,
    Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ??= context.HttpContext.Response.StatusCode;
        problem.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
            problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json", context.HttpContext.RequestAborted));
    }
}
