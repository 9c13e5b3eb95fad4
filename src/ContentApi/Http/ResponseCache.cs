using ContentApi.Access;
using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ContentApi.Http;

public sealed class ResponseCacheOptions
{
    /// <summary>Keep the answers to readers' GETs in memory and send them again until a write changes what they show.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The memory the kept answers may take; past it, the least recently used are dropped.</summary>
    public int SizeLimitMegabytes { get; set; } = 128;

    /// <summary>
    /// The response header that names what an answer shows, for a CDN or proxy to purge by (Fastly and Varnish xkey read
    /// Surrogate-Key, Cloudflare reads Cache-Tag).
    /// </summary>
    public string SurrogateKeyHeader { get; set; } = "Surrogate-Key";
}

/// <summary>A 200 answer as <see cref="ETagFilter"/> sends it: the bytes, the headers made with them, and what it shows.</summary>
public sealed record CachedAnswer(
    EncodedRepresentation Representation, string ETag, string CacheControl, DateTimeOffset? LastModified, string? Link, string? SurrogateKeys);

/// <summary>
/// Answers to GETs by anonymous readers and by reader and partner keys, kept in memory, so a popular article or list is
/// computed once, not once per request. Editors, who see drafts, are never answered from it.
/// <para>
/// Each answer is kept with the surrogate keys of what it shows (see ReadModel.SurrogateKeys) and the version of the
/// read model it was computed from. A write retires exactly the answers that name one of its keys, after the read model
/// has applied it: an unrelated article's page, or a list the write cannot enter or leave, stays. Writes that change no
/// content (a key's last use, an idempotency record, a webhook delivery) retire nothing. An answer computed from a
/// version older than a retirement of one of its keys is never kept, so a write landing while an answer is computed
/// cannot leave it stale. Answers also expire when an article's reach next changes by the clock (a scheduled
/// publication, an embargo's end), which the read model knows.
/// </para>
/// </summary>
public sealed class ResponseCache : IDisposable
{
    private readonly ResponseCacheOptions _options;
    private readonly Func<long> _version;
    private readonly MemoryCache _entries;
    /// <summary>
    /// Per surrogate key, the kept answers that show it, each with the entry it was kept as: eviction callbacks run later,
    /// on the thread pool, and one for a replaced or retired entry must not unlist the answer kept since under its cache key.
    /// </summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Entry>> _answersByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _retiredAt = new(StringComparer.Ordinal);
    private long _allRetiredAt = -1;

    public ResponseCache(IOptions<ResponseCacheOptions> options, Func<long> version)
    {
        _options = options.Value;
        _version = version;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.SizeLimitMegabytes * 1024L * 1024 });
    }

    /// <summary>The version of the read model answers computed from now on are computed from: read it before computing.</summary>
    public long Current => _version();

    /// <summary>How many answers were sent from memory, computed, and retired by writes (for operators and tests).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public long Retired => Interlocked.Read(ref _retired);

    /// <summary>How many times a kept answer a write made suspect was checked before it was sent.</summary>
    public long Checked => Interlocked.Read(ref _checked);

    private long _hits, _retired, _checked;

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

    public CachedAnswer? Find(string key, DateTime now)
    {
        if (!_entries.TryGetValue(key, out Entry? kept) || now >= kept!.ValidUntil || kept.Version <= Volatile.Read(ref _allRetiredAt))
        {
            return null;
        }

        if (Volatile.Read(ref kept.SuspectSince) is var suspect and not Entry.NotSuspect)
        {
            // A write named one of the keys its check covers: ask it (it sees that write, which the read model applied first).
            Interlocked.Increment(ref _checked);
            var holds = kept.Check!.StillHolds();
            ContentApi.Telemetry.ContentTelemetry.CacheChecked.Add(1, new KeyValuePair<string, object?>("result", holds ? "held" : "changed"));
            if (!holds)
            {
                _entries.Remove(key);
                Interlocked.Increment(ref _retired);
                return null;
            }

            // Cleared only if no later write made it suspect again meanwhile.
            Interlocked.CompareExchange(ref kept.SuspectSince, Entry.NotSuspect, suspect);
        }

        Interlocked.Increment(ref _hits);
        return kept.Answer;
    }

    /// <summary>
    /// Keeps an answer computed from <paramref name="version"/> that shows <paramref name="keys"/>, until a write retires
    /// one of them or <paramref name="validUntil"/>; not at all if one was retired since that version.
    /// </summary>
    /// <param name="check">
    /// For an answer a write naming some of its keys may leave as it was (a ranking the written article may or may not
    /// enter): those keys, and how to tell. A retirement by one of them marks the answer to be checked at its next hit
    /// rather than dropping it; a retirement by any other key drops it.
    /// </param>
    public void Keep(
        string key, long version, CachedAnswer answer, IReadOnlyCollection<string> keys, DateTime now, DateTime validUntil, AnswerCheck? check = null)
    {
        if (validUntil <= now || keys.Count == 0)
        {
            return;
        }

        var entry = new Entry(answer, version, validUntil, keys, check);
        var size = answer.Representation.Body.Length + (2 * key.Length) + (answer.SurrogateKeys?.Length ?? 0) * 2 + 512 + (check?.Size ?? 0);
        var options = new MemoryCacheEntryOptions { Size = size };
        options.RegisterPostEvictionCallback(static (evicted, value, _, state) => ((ResponseCache)state!).Forget((string)evicted, (Entry)value!), this);
        _entries.Set(key, entry, options);
        foreach (var name in keys)
        {
            _answersByKey.GetOrAdd(name, static _ => new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal))[key] = entry;
        }

        // A retirement that ran while this answer was computed may not have seen it in the index: check after adding.
        if (version <= Volatile.Read(ref _allRetiredAt))
        {
            _entries.Remove(key);
            return;
        }

        foreach (var name in keys)
        {
            if (_retiredAt.TryGetValue(name, out var at) && at > version && !entry.Suspect(name, at))
            {
                _entries.Remove(key);
                return;
            }
        }
    }

    /// <summary>Retires every kept answer that shows one of these keys (call after the read model applied the write).</summary>
    public void Retire(IReadOnlyCollection<string> keys)
    {
        var version = Current;
        var retired = 0L;
        foreach (var name in keys)
        {
            _retiredAt[name] = version;
            if (!_answersByKey.TryRemove(name, out var answers))
            {
                continue;
            }

            foreach (var answer in answers.Keys)
            {
                if (!_entries.TryGetValue(answer, out Entry? kept))
                {
                    continue;
                }

                if (kept!.Suspect(name, version))
                {
                    // Checked at its next hit; listed again, so later writes find it.
                    _answersByKey.GetOrAdd(name, static _ => new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal))[answer] = kept;
                    continue;
                }

                _entries.Remove(answer);
                Interlocked.Increment(ref _retired);
                retired++;
            }
        }

        if (keys.Count > 0)
        {
            ContentApi.Telemetry.ContentTelemetry.CacheRetired.Record(retired);
        }
    }

    /// <summary>Retires every kept answer (the read model was loaded again).</summary>
    public void RetireAll()
    {
        Volatile.Write(ref _allRetiredAt, Current);
        _entries.Clear();
    }

    public void Dispose() => _entries.Dispose();

    /// <summary>Raised with the cache key once an evicted answer has been unlisted (eviction callbacks run later, on the thread pool).</summary>
    internal event Action<string>? Forgotten;

    private void Forget(string key, Entry entry)
    {
        foreach (var name in entry.Keys)
        {
            if (_answersByKey.TryGetValue(name, out var answers))
            {
                answers.TryRemove(KeyValuePair.Create(key, entry));
            }
        }

        Forgotten?.Invoke(key);
    }

    /// <summary>A kept answer; a class, so two entries are the same only when they are one (see _answersByKey).</summary>
    private sealed class Entry(CachedAnswer answer, long version, DateTime validUntil, IReadOnlyCollection<string> keys, AnswerCheck? check)
    {
        public const long NotSuspect = -1;

        /// <summary>The version of the last retirement its check must look at before it is sent again; NotSuspect when none.</summary>
        public long SuspectSince = NotSuspect;

        public CachedAnswer Answer { get; } = answer;

        public long Version { get; } = version;

        public DateTime ValidUntil { get; } = validUntil;

        public IReadOnlyCollection<string> Keys { get; } = keys;

        public AnswerCheck? Check { get; } = check;

        /// <summary>Marks it to be checked when its check covers this retired key; false when the retirement must drop it.</summary>
        public bool Suspect(string key, long version)
        {
            if (Check is null || !Check.Keys.Contains(key))
            {
                return false;
            }

            for (var seen = Volatile.Read(ref SuspectSince); seen < version; seen = Volatile.Read(ref SuspectSince))
            {
                if (Interlocked.CompareExchange(ref SuspectSince, version, seen) == seen)
                {
                    break;
                }
            }

            return true;
        }
    }
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
        var header = app.Services.GetRequiredService<IOptions<ResponseCacheOptions>>().Value.SurrogateKeyHeader;
        app.Use((context, next) =>
        {
            if (cache.KeyFor(context) is { } key && cache.Find(key, clock.UtcNow()) is { } kept)
            {
                context.Response.Headers[ETagFilter.CacheHeader] = "hit";
                return ETagFilter.Answer(context, kept, header).ExecuteAsync(context);
            }

            return next(context);
        });
        return app;
    }
}
