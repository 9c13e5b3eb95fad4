using System.Net;
using ContentApi.Access;
using ContentApi.Persistence;
using ContentApi.Articles;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;

namespace ContentApi.Tests.Syndication;

/// <summary>
/// Sync under concurrent writers: while editors create, change, unpublish, republish and delete articles,
/// a client pages through small sync pages. Once the writers stop and the client follows its tokens until
/// hasMore is false, its copy is exactly the visible set, each article as it is now.
/// </summary>
public sealed class SyncConcurrencyTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData(null, 11)]
    [InlineData(ApiRole.Partner, 12)]
    public async Task ClientPagingWhileEditorsWrite_EndsWithExactlyTheVisibleSet(ApiRole? role, int seed)
    {
        var editor = api.CreateClient();
        var live = new List<ArticleResponse>();
        for (var i = 0; i < 24; i++)
        {
            live.Add(await editor.CreateArticleAsync(await RandomRequestAsync(editor, new Random(seed + i))));
        }

        using var client = api.CreateClientFor(role);
        var replica = new SyncReplica(client, limit: 3);
        using var stop = new CancellationTokenSource();
        using var counter = new WriteCounter();
        var writers = Enumerable.Range(0, 2).Select(w => WriteAsync(api.CreateClient(), live, new Random(seed * 100 + w), counter, stop.Token)).ToList();

        // Each call waits for a few writes, so changes pile up between calls and pages fill.
        for (var call = 0; call < 30; call++)
        {
            await counter.WaitForAsync(3 * (call + 1));
            await replica.PullAsync();
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await replica.CatchUpAsync();

        Assert.True(counter.Writes >= 90, $"Only {counter.Writes} writes happened while the client paged.");
        var visible = await client.ListAllArticleIdsAsync();
        Assert.Equal(visible.Order(), replica.Articles.Keys.Order());
        foreach (var id in visible)
        {
            using var response = await client.GetAsync($"/v1/articles/{id}");
            var current = await response.ReadAsync<ArticleResponse>();
            Assert.Equal((current.Headline, current.UpdatedAt, current.Status), (replica.Articles[id].Headline, replica.Articles[id].UpdatedAt, replica.Articles[id].Status));
        }
    }

    /// <summary>Random writes until stopped, counted.</summary>
    private static async Task WriteAsync(HttpClient editor, List<ArticleResponse> live, Random random, WriteCounter counter, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            ArticleResponse target;
            lock (live)
            {
                target = live[random.Next(live.Count)];
            }

            var (_, current) = await TryGetAsync(editor, target.Id);
            switch (random.Next(5))
            {
                case 0:
                    var created = await editor.CreateArticleAsync(await RandomRequestAsync(editor, random));
                    lock (live)
                    {
                        live.Add(created);
                    }

                    break;
                case 1 when current is not null:
                    await ExpectOkAsync(editor.PutArticleAsync(target.Id, current.ToRequest() with { Headline = $"Rewritten {random.Next()}" }));
                    break;
                case 2 when current is not null:
                    await ExpectOkAsync(editor.PutArticleAsync(target.Id, current.ToRequest() with
                    {
                        Status = current.Status == ArticleStatus.Published ? ArticleStatus.Draft : ArticleStatus.Published,
                    }));
                    break;
                case 3 when current is not null:
                    await ExpectOkAsync(editor.PutArticleAsync(target.Id, current.ToRequest() with
                    {
                        Syndication = new SyndicationDto(!current.Syndication.Allowed),
                    }));
                    break;
                case 4 when current is not null:
                    using (var deleted = await editor.DeleteArticleAsync(target.Id))
                    {
                        Assert.Contains(deleted.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.PreconditionFailed });
                    }

                    break;
                default:
                    continue;
            }

            counter.Add();
        }
    }

    /// <summary>Counts writes; the client awaits a count, woken by each write rather than polling.</summary>
    private sealed class WriteCounter : IDisposable
    {
        private readonly SemaphoreSlim _written = new(0);
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public void Add()
        {
            Interlocked.Increment(ref _writes);
            _written.Release();
        }

        /// <summary>Returns once <paramref name="writes"/> writes have happened, or after 30 s without one.</summary>
        public async Task WaitForAsync(int writes)
        {
            while (Writes < writes && await _written.WaitAsync(TimeSpan.FromSeconds(30)))
            {
            }
        }

        public void Dispose() => _written.Dispose();
    }

    private static async Task<ArticleRequest> RandomRequestAsync(HttpClient editor, Random random)
    {
        var request = await editor.NewArticleRequestAsync($"Story {random.Next()}");
        return request with
        {
            Status = random.Next(4) == 0 ? ArticleStatus.Draft : ArticleStatus.Published,
            Syndication = new SyndicationDto(random.Next(3) > 0),
        };
    }

    private static async Task<(HttpStatusCode, ArticleResponse?)> TryGetAsync(HttpClient editor, string id)
    {
        using var response = await editor.GetAsync($"/v1/articles/{id}");
        return response.StatusCode == HttpStatusCode.OK ? (response.StatusCode, await response.ReadAsync<ArticleResponse>()) : (response.StatusCode, null);
    }

    /// <summary>A write that raced the other writer may find the article gone (404) or changed under it (412).</summary>
    private static async Task ExpectOkAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed,
            $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\nServer errors:\n{ServerErrorLog.Recent(3)}");
    }
}
