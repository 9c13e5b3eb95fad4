using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ContentApi.Http;

/// <summary>
/// Entity tags computed from the JSON representation a client receives, so a tag changes exactly
/// when the representation does. Used for If-Match (optimistic concurrency) and If-None-Match (304).
/// </summary>
public sealed class ETags(IOptions<JsonOptions> json)
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public string For(object representation)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(representation, representation.GetType(), _options);
        return $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"";
    }

    /// <summary>
    /// A 412 problem when the request carries an If-Match that no longer matches the current
    /// representation; null when the write may go ahead (no If-Match, or it matches).
    /// </summary>
    public ProblemHttpResult? PreconditionFailed(HttpRequest request, object current)
    {
        var ifMatch = request.GetTypedHeaders().IfMatch;
        if (ifMatch.Count == 0)
        {
            return null;
        }

        var etag = new EntityTagHeaderValue(For(current));
        return ifMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: true))
            ? null
            : Problems.PreconditionFailed();
    }

    internal static bool NoneMatch(HttpRequest request, string etag)
    {
        var ifNoneMatch = request.GetTypedHeaders().IfNoneMatch;
        var current = new EntityTagHeaderValue(etag);
        return ifNoneMatch.Count == 0 || !ifNoneMatch.Any(candidate =>
            candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(current, useStrongComparison: false));
    }
}

/// <summary>
/// Adds an ETag to every successful response that carries a representation, and answers a GET
/// whose If-None-Match already names it with 304 Not Modified.
/// </summary>
public sealed class ETagFilter(ETags etags) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var outcome = result is INestedHttpResult nested ? nested.Result : result;
        if (outcome is not (IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: 200 or 201 }))
        {
            return result;
        }

        var etag = etags.For(value);
        var http = context.HttpContext;
        http.Response.Headers.ETag = etag;
        if (HttpMethods.IsGet(http.Request.Method) && !ETags.NoneMatch(http.Request, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return result;
    }
}
