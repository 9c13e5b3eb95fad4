using ContentApi.Http;
using Microsoft.Extensions.Options;

namespace ContentApi.Tests.Units;

/// <summary>
/// The cache's index from surrogate keys to kept answers, and answers checked rather than dropped by some keys. Its eviction callbacks run later on the thread pool: one for an
/// answer that was replaced or retired must not unlist the answer kept since under the same URL, or the next write that
/// should retire that answer misses it (a feed kept its ETag after an article joined it, about one full test run in six).
/// </summary>
public sealed class ResponseCacheIndexTests
{
    private const string Url = "- http://localhost/v1/feeds/articles.atom?section=desk";
    private static readonly string[] Shows = ["articles"];

    private long _version = 1;

    [Fact]
    public async Task AnAnswerKeptAgain_IsRetiredByItsKey_AfterTheOldOnesEvictionCallbackRan()
    {
        using var cache = new ResponseCache(Options.Create(new ResponseCacheOptions()), () => _version);
        var firstForgotten = ForgottenOnce(cache);
        var now = DateTime.UtcNow;
        cache.Keep(Url, _version, Answer("first"), Shows, now, now.AddHours(1));

        // Another article is written: the answer is retired, computed again with the same keys and kept again.
        _version++;
        cache.Retire(Shows);
        cache.Keep(Url, _version, Answer("again"), Shows, now, now.AddHours(1));
        await firstForgotten;
        Assert.NotNull(cache.Find(Url, now));

        // An article joins the list: its answer must go.
        _version++;
        cache.Retire(Shows);

        Assert.Null(cache.Find(Url, now));
    }

    [Fact]
    public async Task AnAnswerReplacedWhileKept_IsStillRetiredByItsKey()
    {
        using var cache = new ResponseCache(Options.Create(new ResponseCacheOptions()), () => _version);
        var firstForgotten = ForgottenOnce(cache);
        var now = DateTime.UtcNow;
        cache.Keep(Url, _version, Answer("first"), Shows, now, now.AddHours(1));
        cache.Keep(Url, _version, Answer("second"), Shows, now, now.AddHours(1));
        await firstForgotten;

        _version++;
        cache.Retire(Shows);

        Assert.Null(cache.Find(Url, now));
    }

    /// <summary>A write naming a key the answer's check covers only marks it: the check runs at the next hit, once.</summary>
    [Fact]
    public void AnAnswerNamedByAKeyItsCheckCovers_IsCheckedAtItsNextHit_AndSentIfItHolds()
    {
        using var cache = new ResponseCache(Options.Create(new ResponseCacheOptions()), () => _version);
        var now = DateTime.UtcNow;
        var checks = 0;
        KeepRanked(cache, _version, now, () => ++checks > 0);

        _version++;
        cache.Retire(["term-1"]);

        Assert.NotNull(cache.Find(Url, now));
        Assert.NotNull(cache.Find(Url, now));
        Assert.Equal(1, checks);
        Assert.Equal(1, cache.Checked);
    }

    [Fact]
    public void AnAnswerWhoseCheckFails_IsDroppedAtItsNextHit()
    {
        using var cache = new ResponseCache(Options.Create(new ResponseCacheOptions()), () => _version);
        var now = DateTime.UtcNow;
        KeepRanked(cache, _version, now, () => false);

        _version++;
        cache.Retire(["tag-5-articles"]);

        Assert.Null(cache.Find(Url, now));
        Assert.Null(cache.Find(Url, now));
    }

    /// <summary>A key the check does not cover (what the answer shows) retires the answer unchecked.</summary>
    [Fact]
    public void AnAnswerNamedByAKeyItsCheckDoesNotCover_IsRetiredUnchecked()
    {
        using var cache = new ResponseCache(Options.Create(new ResponseCacheOptions()), () => _version);
        var now = DateTime.UtcNow;
        var checks = 0;
        KeepRanked(cache, _version, now, () => ++checks > 0);

        _version++;
        cache.Retire(["term-1", "article-7"]);

        Assert.Null(cache.Find(Url, now));
        Assert.Equal(0, checks);
    }

    /// <summary>An answer computed before a write named a covered key is kept, to be checked; before one naming another key, not kept.</summary>
    [Fact]
    public void AnAnswerComputedBeforeAWrite_IsKeptToBeCheckedOnlyIfTheWriteNamedACoveredKey()
    {
        using var cache = new ResponseCache(Options.Create(new ResponseCacheOptions()), () => _version);
        var now = DateTime.UtcNow;
        var computedAt = _version;
        var checks = 0;
        _version++;
        cache.Retire(["term-1"]);
        KeepRanked(cache, computedAt, now, () => ++checks > 0);
        Assert.NotNull(cache.Find(Url, now));
        Assert.Equal(1, checks);

        _version++;
        cache.Retire(["article-7"]);
        KeepRanked(cache, computedAt, now, () => ++checks > 0);
        Assert.Null(cache.Find(Url, now));
    }

    private static void KeepRanked(ResponseCache cache, long version, DateTime now, Func<bool> check) =>
        cache.Keep(Url, version, Answer("ranked"), RankedShows, now, now.AddHours(1), new AnswerCheck(FoundThrough, check, 0));

    /// <summary>What a related list shows (its source and result) and the sets of articles it was found in, which its check covers.</summary>
    private static readonly string[] RankedShows = ["article-3", "article-7", "tag-5-articles", "term-1"];

    private static readonly HashSet<string> FoundThrough = ["tag-5-articles", "term-1"];

    private static CachedAnswer Answer(string text) =>
        new(EncodedRepresentation.Json(System.Text.Encoding.UTF8.GetBytes($"\"{text}\"")), $"\"{text}\"", "public, max-age=30", null, null, "articles");

    /// <summary>Completes when the cache has run its first eviction callback (MemoryCache runs them later, on the thread pool).</summary>
    private static Task ForgottenOnce(ResponseCache cache)
    {
        var forgotten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cache.Forgotten += _ => forgotten.TrySetResult();
        return forgotten.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
