using ContentApi.Access;
using System.IO.Hashing;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ContentApi.Http;

/// <summary>
/// Entity tags computed from the bytes a client receives, so a tag changes exactly when the representation does. Used
/// for If-Match (optimistic concurrency) and If-None-Match (304). A 128-bit xxHash: a tag needs no secrecy, only to
/// differ when the bytes do, and it costs a microsecond for an article's page.
/// </summary>
public sealed class ETags(IOptions<JsonOptions> json)
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public string For(object representation) => For(Serialize(representation));

    /// <summary>The representation's JSON as a client receives it.</summary>
    public byte[] Serialize(object representation) => JsonSerializer.SerializeToUtf8Bytes(representation, representation.GetType(), _options);

    /// <summary>The tag of a representation's bytes as sent.</summary>
    public static string For(ReadOnlySpan<byte> body) => $"\"{Convert.ToHexStringLower(XxHash128.Hash(body))}\"";

    /// <summary>
    /// A 412 problem when the request carries an If-Match that does not name the current representation, whose tag is
    /// <paramref name="currentTag"/>; null when the write may go ahead (no If-Match, or it matches).
    /// </summary>
    public static ProblemHttpResult? PreconditionFailed(HttpRequest request, string currentTag)
    {
        var ifMatch = request.GetTypedHeaders().IfMatch;
        if (ifMatch.Count == 0)
        {
            return null;
        }

        var etag = new EntityTagHeaderValue(currentTag);
        return ifMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: true))
            ? null
            : Problems.PreconditionFailed();
    }

    /// <summary>The same, for a representation given as a value.</summary>
    public ProblemHttpResult? PreconditionFailed(HttpRequest request, object current) =>
        request.Headers.IfMatch.Count == 0 ? null : PreconditionFailed(request, For(current));

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
/// What an answer was made from, told by its handler: the surrogate keys of everything it shows (see ReadModel.SurrogateKeys),
/// and when the newest of it last changed. The response cache keeps an answer under its keys and retires it when a write
/// names one of them; the keys are also sent in the Surrogate-Key header, in the order the handler first named them (the
/// same for the same answer; sorting them was a few percent of a related answer's CPU). An answer that names no key is not
/// kept.
/// </summary>
public sealed class AnswerSources
{
    public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>When what it shows last changed, for Last-Modified; null when unknown (a list).</summary>
    public DateTime? LastModified { get; set; }

    /// <summary>Until when the answer holds at the most (the next change of reach by the clock among what it may show).</summary>
    public DateTime? ValidUntil { get; set; }

    /// <summary>The same URL may answer differently at any moment (a sync page): never kept, and clients revalidate each time.</summary>
    public bool Volatile { get; set; }

    /// <summary>How the kept answer tells, after a write naming some of its keys, whether it still holds (see <see cref="AnswerCheck"/>).</summary>
    public AnswerCheck? Check { get; set; }
}

/// <summary>
/// For an answer that many writes name but few change, such as a ranking drawn from sets of articles that a written
/// article joins without beating what the ranking shows: the keys of those sets, and a check of whether the answer
/// would be computed the same now. A write naming one of these keys only marks the kept answer, which is checked when
/// it is next asked for; a write naming any other of its keys retires it as usual.
/// </summary>
/// <param name="Keys">The answer's keys the check covers.</param>
/// <param name="StillHolds">Whether the answer is what it would be now (run against the read model as it is, after the write).</param>
/// <param name="Size">About how many bytes the check holds, counted with the kept answer.</param>
public sealed record AnswerCheck(IReadOnlySet<string> Keys, Func<bool> StillHolds, int Size);

public static class AnswerSourcesExtensions
{
    /// <summary>This request's answer sources, made on first use.</summary>
    public static AnswerSources AnswerSources(this HttpContext http)
    {
        if (http.Features.Get<AnswerSources>() is { } sources)
        {
            return sources;
        }

        sources = new AnswerSources();
        http.Features.Set(sources);
        return sources;
    }

    /// <summary>Notes that the answer shows what these keys name.</summary>
    public static void Shows(this HttpContext http, params IEnumerable<string> keys) => http.AnswerSources().Keys.UnionWith(keys);
}

/// <summary>
/// Conditional GET and caching for every successful response that carries a representation (a value sent as JSON, or
/// bytes a handler made, such as an article's page or a feed): an ETag over the bytes sent (304 when If-None-Match names
/// it), Last-Modified where known (304 when If-Modified-Since is not older), a Cache-Control suited to who is asking
/// (public for anonymous readers, private for key holders, no-store for editors, who see drafts; no-cache for
/// representations that change under the same URL), and the Surrogate-Key header naming what it shows. Readers' answers
/// are kept and sent again from the <see cref="ResponseCache"/> until a write retires one of their keys.
/// </summary>
public sealed class ETagFilter(ETags etags, ResponseCache cache, TimeProvider clock, IOptions<ResponseCacheOptions> options) : IEndpointFilter
{
    /// <summary>Says whether a reader's answer came from the response cache (hit) or was computed and kept (miss).</summary>
    public const string CacheHeader = "X-Cache";

    private const int ListSeconds = 30;
    private const int ItemSeconds = 300;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // Answers already kept were sent by ResponseCache.UseResponseCache, before the handler's parameters were bound.
        var http = context.HttpContext;
        var key = cache.KeyFor(http);
        var now = clock.UtcNow();
        var version = cache.Current;
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

        var etag = ETags.For(representation.Body.Span);
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            http.Response.Headers.ETag = etag;
            return result;
        }

        var sources = http.Features.Get<AnswerSources>();
        var changed = sources?.LastModified ?? (value as ILastModified)?.LastModified;
        var caller = Caller.From(http.User);
        var isVolatile = value is IVolatileRepresentation || sources?.Volatile == true;
        var seconds = changed is null ? ListSeconds : ItemSeconds;
        var cacheControl = caller.IsEditor ? "private, no-store"
            : isVolatile ? "private, no-cache"
            : caller.Role is null ? $"public, max-age={seconds}"
            : $"private, max-age={seconds}";
        DateTimeOffset? lastModified = changed is { } at
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond))
            : null;
        var surrogateKeys = sources is { Keys.Count: > 0 } ? string.Join(' ', sources.Keys) : null;
        var keep = key is not null && !isVolatile && sources is { Keys.Count: > 0 };
        if (keep)
        {
            var kept = representation.ToKept();
            if (!ReferenceEquals(kept, representation))
            {
                representation.Dispose();
                representation = kept;
            }
        }

        var answer = new CachedAnswer(representation, etag, cacheControl, lastModified, http.Response.Headers.Link, surrogateKeys);
        if (keep)
        {
            cache.Keep(key!, version, answer, sources!.Keys, now, sources.ValidUntil ?? DateTime.MaxValue, sources.Check);
            http.Response.Headers[CacheHeader] = "miss";
        }

        var sent = Answer(http, answer, options.Value.SurrogateKeyHeader);
        if (!ReferenceEquals(sent, representation))
        {
            representation.Dispose(); // a 304: the bytes are not sent
        }

        return sent;
    }

    /// <summary>The answer's headers, and its bytes unless the client's copy is current (304).</summary>
    internal static IResult Answer(HttpContext http, CachedAnswer answer, string surrogateKeyHeader)
    {
        var headers = http.Response.Headers;
        headers.ETag = answer.ETag;
        headers.CacheControl = answer.CacheControl;
        if (answer.Link is { } link)
        {
            headers.Link = link;
        }

        if (answer.SurrogateKeys is { } keys)
        {
            headers[surrogateKeyHeader] = keys;
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
/// tagged, and what handlers return for representations made of stored bytes (articles, lists, feeds). The bytes are an
/// array, or a pooled buffer (an answer put together for one request) returned to the pool once sent.
/// </summary>
public class EncodedRepresentation : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IDisposable
{
    public const string JsonType = "application/json; charset=utf-8";

    private readonly PooledBuffer? _pooled;

    public EncodedRepresentation(byte[] body, string contentType) => (Body, ContentType) = (body, contentType);

    public EncodedRepresentation(PooledBuffer body, string contentType) => (_pooled, Body, ContentType) = (body, body.WrittenMemory, contentType);

    public ReadOnlyMemory<byte> Body { get; }

    public string ContentType { get; }

    public int? StatusCode => StatusCodes.Status200OK;

    public static EncodedRepresentation Json(byte[] json) => new(json, JsonType);

    /// <summary>This answer with bytes of its own, to be kept (a pooled buffer goes back to the pool once sent).</summary>
    public EncodedRepresentation ToKept() => _pooled is null ? this : new EncodedRepresentation(Body.ToArray(), ContentType);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = ContentType;
            httpContext.Response.ContentLength = Body.Length;

            // The answer is ready, so the request timeout has nothing left to save: past this point it could only cut
            // the body short or, when it fired between the first bytes and the response starting, append a 503 to it.
            // So it is switched off, and the write does not watch its token (which a timer may still be cancelling).
            httpContext.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();
            httpContext.RequestAborted.ThrowIfCancellationRequested();
            await httpContext.Response.Body.WriteAsync(Body, CancellationToken.None);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _pooled?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// A 200 JSON answer of type <typeparamref name="T"/> whose bytes were put together from stored representations rather
/// than serialized from a <typeparamref name="T"/>: the contract documents it as <typeparamref name="T"/>.
/// </summary>
public sealed class JsonAnswer<T> : EncodedRepresentation, IEndpointMetadataProvider
{
    public JsonAnswer(byte[] body)
        : base(body, JsonType)
    {
    }

    public JsonAnswer(PooledBuffer body)
        : base(body, JsonType)
    {
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
