using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Timeouts;
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

    public string For(object representation) => For(Serialize(representation));

    /// <summary>The representation's JSON as a client receives it.</summary>
    public byte[] Serialize(object representation) => JsonSerializer.SerializeToUtf8Bytes(representation, representation.GetType(), _options);

    /// <summary>The tag of a representation's bytes as sent.</summary>
    public static string For(byte[] body) => $"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"";

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

/// <summary>A representation the same URL may answer differently at any moment (a sync page): caches must revalidate each time.</summary>
public interface IVolatileRepresentation;

/// <summary>A representation that knows when what it shows last changed (for Last-Modified).</summary>
public interface ILastModified
{
    DateTime LastModified { get; }
}

/// <summary>
/// Conditional GET and caching for every successful response that carries a representation (a value
/// sent as JSON, or one a handler already encoded, such as a feed): an ETag over the bytes sent (304
/// when If-None-Match names it), Last-Modified where the representation knows it (304 when
/// If-Modified-Since is not older), and a Cache-Control suited to who is asking: public for anonymous
/// readers, private for key holders, no-store for editors, who see drafts; no-cache for
/// representations that change under the same URL. Readers' answers are kept and sent again from the
/// <see cref="ResponseCache"/> until a write makes them stale.
/// </summary>
public sealed class ETagFilter(ETags etags, ResponseCache cache, TimeProvider clock) : IEndpointFilter
{
    private const int ListSeconds = 30;
    private const int ItemSeconds = 300;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // Answers already kept were sent by ResponseCache.UseResponseCache, before the handler's parameters were bound.
        var http = context.HttpContext;
        var key = cache.KeyFor(http);
        var now = clock.UtcNow();
        var stamp = cache.Current;
        var result = await next(context);
        var outcome = result is INestedHttpResult nested ? nested.Result : result;
        var value = (outcome as IValueHttpResult)?.Value;
        var representation = outcome switch
        {
            EncodedRepresentation encoded => encoded,
            IStatusCodeHttpResult { StatusCode: 200 or 201 } when value is not null => EncodedRepresentation.Json(etags.Serialize(value)),
            _ => null,
        };
        if (representation is null)
        {
            return result;
        }

        var etag = ETags.For(representation.Body);
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            http.Response.Headers.ETag = etag;
            return result;
        }

        var caller = Access.Caller.From(http.User);
        var seconds = value is ILastModified ? ItemSeconds : ListSeconds;
        var cacheControl = caller.IsEditor ? "private, no-store"
            : value is IVolatileRepresentation ? "private, no-cache"
            : caller.Role is null ? $"public, max-age={seconds}"
            : $"private, max-age={seconds}";
        DateTimeOffset? lastModified = value is ILastModified { LastModified: var changed }
            ? new DateTimeOffset(DateTime.SpecifyKind(changed, DateTimeKind.Utc)).AddTicks(-(changed.Ticks % TimeSpan.TicksPerSecond))
            : null;
        var answer = new CachedAnswer(representation, etag, cacheControl, lastModified, http.Response.Headers.Link);
        if (key is not null && value is not IVolatileRepresentation)
        {
            await cache.KeepAsync(key, stamp, answer, now, http.RequestServices.GetRequiredService<ContentDb>(), http.RequestAborted);
        }

        return Answer(http, answer);
    }

    /// <summary>The answer's headers, and its bytes unless the client's copy is current (304).</summary>
    internal static IResult Answer(HttpContext http, CachedAnswer answer)
    {
        var headers = http.Response.Headers;
        headers.ETag = answer.ETag;
        headers.CacheControl = answer.CacheControl;
        if (answer.Link is { } link)
        {
            headers.Link = link;
        }

        var requestHeaders = http.Request.GetTypedHeaders();
        if (answer.LastModified is { } lastModified)
        {
            http.Response.GetTypedHeaders().LastModified = lastModified;
            if (requestHeaders.IfNoneMatch.Count == 0 && requestHeaders.IfModifiedSince is { } since && lastModified <= since)
            {
                return TypedResults.StatusCode(StatusCodes.Status304NotModified);
            }
        }

        // The bytes were made for the tag: send them rather than serializing the representation again.
        return ETags.NoneMatch(http.Request, answer.ETag) ? answer.Representation : TypedResults.StatusCode(StatusCodes.Status304NotModified);
    }
}

/// <summary>
/// A 200 response whose body is already encoded, with its media type: how <see cref="ETagFilter"/> sends the bytes it
/// tagged, and what handlers return for representations other than the API's JSON (feeds).
/// </summary>
public sealed class EncodedRepresentation(byte[] body, string contentType) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public byte[] Body => body;

    public string ContentType => contentType;

    public int? StatusCode => StatusCodes.Status200OK;

    public static EncodedRepresentation Json(byte[] json) => new(json, "application/json; charset=utf-8");

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = contentType;
        httpContext.Response.ContentLength = body.Length;

        // The answer is ready, so the request timeout has nothing left to save: past this point it could only cut
        // the body short or, when it fired between the first bytes and the response starting, append a 503 to it.
        // So it is switched off, and the write does not watch its token (which a timer may still be cancelling).
        httpContext.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();
        httpContext.RequestAborted.ThrowIfCancellationRequested();
        return httpContext.Response.Body.WriteAsync(body, CancellationToken.None).AsTask();
    }
}
