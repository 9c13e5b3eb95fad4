using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using ContentApi.Articles;
using ContentApi.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Query;

/// <summary>
/// The hot read paths use indexes: every SELECT they run is explained (EXPLAIN QUERY PLAN, on the
/// same connection and parameters) and no plan may scan a whole table.
/// </summary>
public sealed class QueryPlanTests(QueryPlanTests.PlanCapturingFactory api) : IClassFixture<QueryPlanTests.PlanCapturingFactory>
{
    public sealed class PlanCapturingFactory : ContentApiFactory
    {
        public PlanRecorder Plans { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The recorder hears every query of the process and keeps those made for a request (the accessor knows the
            // request of the flow a query runs in): background work, such as the webhook dispatcher that every write wakes
            // or the change log follower, is no request's path. The follower's first look is ten minutes away anyway.
            builder.UseSetting("Replicas:PollInterval", "00:10:00");
            builder.ConfigureServices(services => services
                .AddHttpContextAccessor()
                .ConfigureDbContext<ContentDb>((_, o) => o.AddInterceptors(Plans), ServiceLifetime.Singleton));
        }
    }

    /// <summary>Explains each SELECT a request runs, just before it runs, while recording is on.</summary>
    public sealed class PlanRecorder : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<(string Sql, string[] Plan)> _plans = new();
        private readonly HttpContextAccessor _requests = new();

        public bool Recording { get; set; }

        public IReadOnlyCollection<(string Sql, string[] Plan)> Captured => _plans;

        public void Clear() => _plans.Clear();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Recording && _requests.HttpContext is not null && command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                await using var explain = command.Connection!.CreateCommand();
                explain.Transaction = command.Transaction;
                explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
                foreach (DbParameter parameter in command.Parameters)
                {
                    var copy = explain.CreateParameter();
                    copy.ParameterName = parameter.ParameterName;
                    copy.Value = parameter.Value;
                    explain.Parameters.Add(copy);
                }

                var plan = new List<string>();
                await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        plan.Add(reader.GetString(3));
                    }
                }

                _plans.Enqueue((command.CommandText, [.. plan]));
            }

            return result;
        }
    }

    /// <summary>
    /// Reads are served from the read model: an article's page reads its stored head and tail by id and a search reads the
    /// full-text index, both through connections of their own with prepared statements, and lists, deep pages, filters,
    /// counts and facets read nothing at all. None of them goes through EF (whose per-query work was most of a read's cost).
    /// </summary>
    [SqliteFact]
    public async Task HotReadPaths_QueryNothingThroughEf()
    {
        var client = api.CreateClientFor(null);
        var editor = api.CreateClient();
        var request = await editor.NewArticleRequestAsync("Wagner group fighters leave Bamako");
        var articles = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            articles.Add((await editor.CreateArticleAsync(request with { Slug = TestData.Unique("plan") })).Slug);
        }

        var tag = request.TagIds![0];
        var byline = request.Bylines![0].BylineId;
        using var firstPage = await client.GetAsync("/v1/articles?limit=5");
        var next = (await firstPage.ReadAsync<ContentApi.Articles.ArticleList>()).Next!;
        await Caching.ResponseCacheTests.ExtractionSettledAsync(api);

        api.Plans.Clear();
        api.Plans.Recording = true;
        string[] paths =
        [
            $"/v1/articles/{articles[3]}",
            "/v1/articles?count=true",
            next,
            $"/v1/articles?tag={tag}&count=true&include=bylines,tags",
            $"/v1/articles?tag={tag}&byline={byline}&sort=updated",
            $"/v1/articles?tag={tag}&limit=1&facets=tag,section,byline,entity",
            $"/v1/articles/{articles[3]}/related",
            "/v1/articles?q=wagner&count=true",
        ];
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        api.Plans.Recording = false;
        Assert.True(api.Plans.Captured.Count == 0, "Queries on the hot paths:\n" + string.Join("\n\n", api.Plans.Captured.Select(p => p.Sql)));
    }

    /// <summary>
    /// Choosing an article's slug checks the taken slugs through their indexes: a check that read
    /// every slug cost a tenth of a second per write at 100,000 articles (and made imports crawl).
    /// </summary>
    [SqliteFact]
    public async Task ArticleWrites_CheckSlugsThroughTheIndexes_WithoutReadingEverySlug()
    {
        var editor = api.CreateClient();
        var request = await editor.NewArticleRequestAsync("Slug checks stay in the index");
        await editor.CreateArticleAsync(request with { Slug = null });

        api.Plans.Clear();
        api.Plans.Recording = true;
        var second = await editor.CreateArticleAsync(request with { Slug = null });
        var chosen = await editor.CreateArticleAsync(request with { Slug = TestData.Unique("chosen") });
        api.Plans.Recording = false;

        Assert.NotEmpty(api.Plans.Captured); // the recorder hears a request's queries
        Assert.Equal("slug-checks-stay-in-the-index-2", second.Slug);
        Assert.StartsWith("chosen", chosen.Slug, StringComparison.Ordinal);
        var scans = api.Plans.Captured
            .SelectMany(p => p.Plan.Where(line => IsFullScan(line, p.Plan)
                    || (line.StartsWith("SCAN ", StringComparison.Ordinal) && line.Contains("INDEX", StringComparison.Ordinal) && !line.Contains("VIRTUAL TABLE", StringComparison.Ordinal)))
                .Select(line => $"{line}\n  in: {p.Sql}"))
            .ToList();
        Assert.True(scans.Count == 0, "Scans while choosing slugs:\n" + string.Join("\n\n", scans));
    }

    /// <summary>
    /// A tag on many articles is paged by walking the sort's order until the page is full, a tag on few by reading all
    /// its articles first; either way the answer is the same, in every sort, and no query is run. The many-article case is
    /// made by copying one article in SQL.
    /// </summary>
    [SqliteFact]
    public async Task TagFilter_TakesTheWayThatSuitsHowManyArticlesHaveTheTag_WithTheSameAnswers()
    {
        var editor = api.CreateClient();
        var desk = await Desk.OpenAsync(editor);
        var (common, rare) = (await editor.CreateTagAsync(), await editor.CreateTagAsync());
        var source = await desk.CreateAsync(desk.Article("Copied", Desk.Epoch) with { TagIds = [common.Id, rare.Id] });
        const int copies = 2_100;
        await api.CopyInSqlAsync(source, copies, common.Id);

        api.Plans.Clear();
        api.Plans.Recording = true;
        foreach (var sort in new[] { "newest", "oldest", "updated", "headline" })
        {
            var commonPage = await editor.ListArticlesAsync($"/v1/articles?tag={common.Slug}&count=true&limit=5&sort={sort}");
            var rarePage = await editor.ListArticlesAsync($"/v1/articles?tag={rare.Slug}&count=true&limit=5&sort={sort}");
            var bothPage = await editor.ListArticlesAsync($"/v1/articles?tag={common.Slug},{rare.Slug}&tagMatch=all&count=true&sort={sort}");

            Assert.Equal(copies + 1, commonPage.Total);
            Assert.Equal(5, commonPage.Items.Count);
            Assert.Equal([source.Slug], rarePage.Items.Select(i => i.Slug));
            Assert.Equal([source.Slug], bothPage.Items.Select(i => i.Slug));
        }

        api.Plans.Recording = false;
        Assert.DoesNotContain(api.Plans.Captured, p => !p.Sql.Contains("ApiKeys", StringComparison.Ordinal));
    }

    /// <summary>
    /// "SCAN a" reads every row of a table; "SCAN a USING INDEX" walks an index in order; a scan of a
    /// subquery the plan materialised (a page of ids, say) reads only that result; virtual tables (FTS)
    /// have their own plans.
    /// </summary>
    private static bool IsFullScan(string planLine, string[] plan) =>
        planLine.StartsWith("SCAN ", StringComparison.Ordinal)
        && !plan.Any(line => line == "MATERIALIZE " + planLine[5..] || line == "CO-ROUTINE " + planLine[5..])
        && !planLine.Contains("USING", StringComparison.Ordinal)
        && !planLine.Contains("VIRTUAL TABLE", StringComparison.Ordinal)
        && !planLine.StartsWith("SCAN CONSTANT ROW", StringComparison.Ordinal)
        && !planLine.Contains("json_each", StringComparison.Ordinal);
}
