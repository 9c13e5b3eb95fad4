using ContentApi.Http;
using Microsoft.Extensions.Options;

namespace ContentApi.Tests.Units;

/// <summary>
/// The cache's index from surrogate keys to kept answers. Its eviction callbacks run later on the thread pool: one for an
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
