using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Query;
using ContentApi.Persistence.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContentApi.Tests.Persistence;

/// <summary>
/// A search whose caller goes away (its request aborted) fails as cancelled, whenever the cancellation lands. On
/// PostgreSQL a cancel can leave the read connection broken; resetting the search's statement_timeout on it then threw
/// "Connection is not open" over the cancellation, which the service logged as an unhandled error (a 500). Seen in the
/// PostgreSQL load benchmark, where searches took about a second and wrk closed its connections mid-request.
/// </summary>
public sealed class SearchCancellationTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task SearchesCancelledAtAnyMoment_FailOnlyAsCancelled()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = QueryTestHelpers.UniqueWord();
        for (var i = 0; i < 20; i++)
        {
            await desk.PublishAsync($"{word} story {i}");
        }

        // On PostgreSQL, Npgsql breaks a connection whose server-side cancel does not answer within its Cancellation
        // Timeout (a loaded server); -1 breaks it at once, so a cancel that lands mid-query always leaves it broken here.
        using var breaking = TestDatabase.OnPostgres
            ? new PostgresReadConnections(new NpgsqlConnectionStringBuilder(api.Database.ConnectionString) { CancellationTimeout = -1 }.ToString())
            : null;
        var search = breaking is null ? api.Services.GetRequiredService<IFullTextSearch>() : new PostgresFullTextSearch(breaking);
        var match = ArticleSearchIndex.ToMatchExpression(word)!;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromTicks(attempt % 30 * 500));
            try
            {
                if (attempt % 2 == 0)
                {
                    await search.RankedAsync(match, TimeSpan.FromSeconds(10), cancel.Token);
                }
                else
                {
                    await search.SnippetsAsync(match, [1, 2, 3], TimeSpan.FromSeconds(10), cancel.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException || search.IsOverBudget(e))
            {
                // Cancelled, as the caller asked: any other exception fails the test.
            }
        }

        Assert.Equal(20, (await search.MatchingAsync(match, TimeSpan.FromSeconds(10), CancellationToken.None)).Count);
    }
}
