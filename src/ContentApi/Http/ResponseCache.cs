using ContentApi.Access;
using ContentApi.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ContentApi.Http;

public sealed class ResponseCacheOptions
{
    /// <summary>Keep the answers to readers' GETs in memory and send them again until a write makes them stale.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The memory the kept answers may take; past it, the least recently used are dropped.</summary>
    public int SizeLimitMegabytes { get; set; } = 256;
}

/// <summary>A 200 answer as <see cref="ETagFilter"/> sends it: the bytes and the headers made with them.</summary>
public sealed record CachedAnswer(EncodedRepresentation Representation, string ETag, string CacheControl, DateTimeOffset? LastModified, string? Link);

/// <summary>
/// Answers to GETs by anonymous readers and by reader and partner keys, kept in memory, so a popular article or
/// list is read from the database once, not once per request. Editors, who see drafts, are never answered from it.
/// An answer is kept with what it was computed from: the count of committed writes (<see cref="CommittedWrites"/>)
/// and the catalog's version. Any later write or catalog change makes it stale at once; so does the next moment an
/// article changes who may see it without a write (a scheduled time, an embargo's end), which the articles' own
/// ReachChangesAt says.
/// </summary>
public sealed class ResponseCache : IDisposable
{
    private readonly ResponseCacheOptions _options;
    private readonly CommittedWrites _writes;
    private readonly ArticleCatalog _catalog;
    private readonly MemoryCache _entries;
    private NextReachChange _nextReachChange = new(-1, null);

    public ResponseCache(IOptions<ResponseCacheOptions> options, CommittedWrites writes, ArticleCatalog catalog)
    {
        _options = options.Value;
        _writes = writes;
        _catalog = catalog;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.SizeLimitMegabytes * 1024L * 1024 });
    }

    /// <summary>What an answer computed from now on is computed from: read it before computing.</summary>
    public Stamp Current => new(_writes.Version, _catalog.Version);

    /// <summary>
    /// The key of this request's answer: the caller (anonymous, or the key, whose role and rights decide what it may
    /// see) and the whole URL; null when the answer must not be kept (not a GET, caching off, an editor).
    /// </summary>
    public string? KeyFor(HttpContext http)
    {
        var caller = Caller.From(http.User);
        if (!_options.Enabled || !HttpMethods.IsGet(http.Request.Method) || caller.IsEditor)
        {
            return null;
        }

        var request = http.Request;
        return string.Concat(caller.KeyId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", " ",
            request.Scheme, "://", request.Host.Value, request.PathBase.Value, request.Path.Value, request.QueryString.Value);
    }

    public CachedAnswer? Find(string key, DateTime now) =>
        _entries.TryGetValue(key, out Entry? kept) && kept!.Stamp == Current && now < kept.ValidUntil ? kept.Answer : null;

    /// <summary>Keeps an answer computed from <paramref name="stamp"/> until a write, or the next change of reach.</summary>
    public async Task KeepAsync(string key, Stamp stamp, CachedAnswer answer, DateTime now, ContentDb db, CancellationToken ct)
    {
        var validUntil = await NextReachChangeAsync(stamp, db, ct) ?? DateTime.MaxValue;
        if (validUntil <= now)
        {
            return;
        }

        var size = answer.Representation.Body.Length + (2 * key.Length) + 512;
        _entries.Set(key, new Entry(answer, stamp, validUntil), new MemoryCacheEntryOptions { Size = size });
    }

    /// <summary>The earliest moment any article changes reach; it only moves with writes, so it is read once per write.</summary>
    private async Task<DateTime?> NextReachChangeAsync(Stamp stamp, ContentDb db, CancellationToken ct)
    {
        var known = Volatile.Read(ref _nextReachChange);
        if (known.Writes == stamp.Writes)
        {
            return known.At;
        }

        var at = await db.Articles.MinAsync(a => a.ReachChangesAt, ct);
        Volatile.Write(ref _nextReachChange, new NextReachChange(stamp.Writes, at));
        return at;
    }

    public void Dispose() => _entries.Dispose();

    public readonly record struct Stamp(long Writes, long Catalog);

    private sealed record Entry(CachedAnswer Answer, Stamp Stamp, DateTime ValidUntil);

    private sealed record NextReachChange(long Writes, DateTime? At);
}

public static class ResponseCacheSetup
{
    /// <summary>
    /// Answers a GET from the cache when it can, after authentication, authorization and rate limits have had their
    /// say and before the endpoint runs: a kept answer needs neither the handler nor its parameters (a database
    /// context among them). What is kept is put there by <see cref="ETagFilter"/>.
    /// </summary>
    public static WebApplication UseResponseCache(this WebApplication app)
    {
        var cache = app.Services.GetRequiredService<ResponseCache>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        app.Use((context, next) =>
            cache.KeyFor(context) is { } key && cache.Find(key, clock.UtcNow()) is { } kept
                ? ETagFilter.Answer(context, kept).ExecuteAsync(context)
                : next(context));
        return app;
    }
}
