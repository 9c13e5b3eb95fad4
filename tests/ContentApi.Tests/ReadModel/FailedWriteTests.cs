using ContentApi.Persistence.Postgres;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using ContentApi.Articles;
using ContentApi.Cli;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;
using ContentApi.Tests.Caching;
using ContentApi.Tests.Cli;
using ContentApi.Tests.Query;
using ContentApi.Tests.Transfer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.ReadModel;

/// <summary>
/// A write that fails at its last step (appending to the change log, after it has saved, reindexed and stored the
/// article's document in its transaction) leaves nothing behind: no stored document, no change in what reads show, and
/// every kept answer still kept.
/// </summary>
public sealed class FailedWriteTests(FailedWriteTests.FailingFactory api) : IClassFixture<FailedWriteTests.FailingFactory>
{
    public sealed class FailingFactory : ResponseCacheTests.OneInstanceFactory
    {
        public ChangeLogFailure Failure { get; } = new();

        public SlugClash Clash { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The service's context is a PostgresContentDb on PostgreSQL, whose options are its own.
            builder.ConfigureServices(services => services
                .ConfigureDbContext<ContentDb>((_, o) => o.AddInterceptors(Failure, Clash), ServiceLifetime.Singleton)
                .ConfigureDbContext<PostgresContentDb>((_, o) => o.AddInterceptors(Failure, Clash), ServiceLifetime.Singleton));
        }
    }

    /// <summary>While armed, an insert into the change log throws, as a lost connection or a full disk would.</summary>
    public sealed class ChangeLogFailure : DbCommandInterceptor
    {
        public bool Armed { get; set; }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            Armed && command.CommandText.Contains("INSERT INTO", StringComparison.Ordinal) && command.CommandText.Contains("ChangeLog", StringComparison.Ordinal)
                ? throw new InvalidOperationException("The change log could not be written (a test's failure).")
                : ValueTask.FromResult(result);
    }

    /// <summary>
    /// While armed with a slug, the next transaction begins by creating a draft with that slug: another writer that took it
    /// after a write checked it was free, and before that write saved.
    /// </summary>
    public sealed class SlugClash : DbTransactionInterceptor
    {
        private string? _slug;

        public void Arm(string slug) => _slug = slug;

        public override async ValueTask<DbTransaction> TransactionStartedAsync(
            DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _slug, null) is { } slug)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = result;
                command.CommandText = $"""
                    INSERT INTO "Articles" ("Slug", "Headline", "Section", "Status", "CreatedAt", "UpdatedAt", "Language", "WordCount",
                        "ReadingTimeMinutes", "SyndicationAllowed", "Version", "Reach")
                    VALUES ('{slug}', 'Got there first', 'World', 'Draft', '2026-01-01', '2026-01-01', 'en', 0, 0, false, 1, 0)
                    """;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return result;
        }
    }

    [Fact]
    public async Task ASlugTakenBetweenTheCheckAndTheSave_Is409_AndNoArticleIsLeft()
    {
        var editor = api.CreateClient();
        var request = await editor.NewArticleRequestAsync();
        await ResponseCacheTests.ExtractionSettledAsync(api);

        api.Clash.Arm(request.Slug!);
        using var clashed = await editor.PostAsJsonAsync("/v1/articles", request, TestData.Json);

        await clashed.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await editor.ShouldNotExistAsync(request.Slug!);
    }

    [Fact]
    public async Task AFailedEdit_LeavesThePageItsDocumentAndKeptAnswersAsTheyWere()
    {
        var (editor, reader) = (api.CreateClient(), api.CreateClientFor(null));
        var article = await editor.CreateArticleAsync();
        await ResponseCacheTests.ExtractionSettledAsync(api);
        var page = $"/v1/articles/{article.Slug}";
        var list = $"/v1/articles?tag={article.Tags[0].Slug}";
        await ResponseCacheTests.CacheOfAsync(reader, page);
        await ResponseCacheTests.CacheOfAsync(reader, list);
        var (_, etag) = await editor.GetArticleAsync(article.Slug);
        var revision = await RevisionAsync(article.Id);

        api.Failure.Armed = true;
        try
        {
            using var failed = await editor.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline":"Never written"}""");
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }
        finally
        {
            api.Failure.Armed = false;
        }

        Assert.Equal("hit", await ResponseCacheTests.CacheOfAsync(reader, page));
        Assert.Equal("hit", await ResponseCacheTests.CacheOfAsync(reader, list));
        var (shown, etagAfter) = await editor.GetArticleAsync(article.Slug);
        Assert.Equal(article.Headline, shown.Headline);
        Assert.Equal(etag, etagAfter);
        Assert.Equal(revision, await RevisionAsync(article.Id));
        Assert.Equal(article.Headline, (await reader.ListArticlesAsync($"{list}&limit=100")).Items.Single(i => i.Id == article.Id).Headline);
    }

    [Fact]
    public async Task AFailedCreate_LeavesNoArticleNoDocumentAndNoLinks()
    {
        var editor = api.CreateClient();
        var request = await editor.NewArticleRequestAsync();
        var documents = await CountAsync("""SELECT COUNT(*) FROM "ArticleDocuments" """);
        // A new article's links are inserted after EF's save, outside it: the failure must take them back too.
        const string links = """SELECT (SELECT COUNT(*) FROM "ArticleBylines") + (SELECT COUNT(*) FROM "ArticleTags") + (SELECT COUNT(*) FROM "ArticleEntities") """;
        var linksBefore = await CountAsync(links);

        api.Failure.Armed = true;
        try
        {
            using var failed = await editor.PostAsJsonAsync("/v1/articles", request, TestData.Json);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }
        finally
        {
            api.Failure.Armed = false;
        }

        await editor.ShouldNotExistAsync(request.Slug!);
        Assert.Equal(documents, await CountAsync("""SELECT COUNT(*) FROM "ArticleDocuments" """));
        Assert.Equal(linksBefore, await CountAsync(links));
        Assert.Empty((await editor.ListArticlesAsync($"/v1/articles?tag={request.TagIds![0]}")).Items);
    }

    [Fact]
    public async Task AnImportThatFailsWhileWriting_SaysWhyInOneLine_Returns1_AndLeavesNoArticle()
    {
        var reader = api.CreateClient(); // the service starts (and migrates its database) before the failure is armed
        var file = new NewsroomFile();
        using var path = new TempFile(file.ToString());

        api.Failure.Armed = true;
        CommandLine.Run run;
        try
        {
            run = await api.RunAsync("import", path.Path);
        }
        finally
        {
            api.Failure.Armed = false;
        }

        Assert.Equal(ContentCommandLine.Failed, run.ExitCode);
        Assert.StartsWith("The import stopped: The change log could not be written (a test's failure).", run.Lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
        await reader.ShouldNotExistAsync(file.Pinning);
    }

    private Task<long> RevisionAsync(string articleId) => CountAsync($"""SELECT "Revision" FROM "ArticleDocuments" WHERE "ArticleId" = {articleId}""");

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = api.Database.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
