using System.Net;
using ContentApi.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Persistence;

/// <summary>The full-text index keeps one row per article and none for deleted ones (a trigger removes them on SQLite, a cascading key on PostgreSQL).</summary>
public sealed class SearchIndexRowTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task DeletingAnArticle_RemovesItsSearchRow()
    {
        var client = api.CreateClient();
        var article = await client.CreateArticleAsync();
        var id = int.Parse(article.Id, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await SearchRowsAsync(id));

        using (var deleted = await client.DeleteAsync($"/v1/articles/{article.Slug}"))
        {
            await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        Assert.Equal(0, await SearchRowsAsync(id));
    }

    private async Task<int> SearchRowsAsync(int articleId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        return await (TestDatabase.OnPostgres
            ? db.Database.SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM "ArticleSearch" WHERE "ArticleId" = {articleId}""")
            : db.Database.SqlQuery<int>($"SELECT count(*) AS Value FROM ArticleSearch WHERE rowid = {articleId}")).SingleAsync();
    }
}
