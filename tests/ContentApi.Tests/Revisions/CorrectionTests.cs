using System.Net;
using System.Net.Http.Json;
using ContentApi.Access;
using ContentApi.Persistence;
using ContentApi.Articles;
using ContentApi.Tests.Articles;

namespace ContentApi.Tests.Revisions;

/// <summary>Corrections: a note on an update, printed with the article for everyone who may see it.</summary>
public sealed class CorrectionTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ReadersAndPartnersSeeCorrections_InTimeOrder_ByIdAndSlug()
    {
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request);
        var firstAt = api.Clock.GetUtcNow().UtcDateTime;
        using (var put = await _client.PutArticleAsync(article.Id, request with { Headline = "Minister's name corrected", Correction = "An earlier version misspelt the minister's name." }))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        api.Clock.Advance(TimeSpan.FromMinutes(5));
        using (var patch = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"standfirst": "Talks ran late.", "correction": "The talks ended on Tuesday, not Monday."}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        foreach (var role in new ApiRole?[] { null, ApiRole.Reader, ApiRole.Partner })
        {
            using var client = api.CreateClientFor(role);
            foreach (var key in new[] { article.Id, article.Slug })
            {
                var (read, _) = await client.GetArticleAsync(key);
                Assert.Equal(
                    ["An earlier version misspelt the minister's name.", "The talks ended on Tuesday, not Monday."],
                    read.Corrections.Select(c => c.Note));
                Assert.Equal(firstAt, read.Corrections[0].At);
                Assert.Equal(firstAt.AddMinutes(5), read.Corrections[1].At);
            }
        }
    }

    [Fact]
    public async Task ALaterPatch_DoesNotRepeatTheCorrection()
    {
        var article = await _client.CreateArticleAsync();
        using (var corrected = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Fixed", "correction": "The headline named the wrong city."}"""))
        {
            await corrected.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var later = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"standfirst": "Later edit."}""");

        await later.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Single((await later.ReadAsync<ArticleResponse>()).Corrections);
        var revisions = await _client.RevisionsAsync(article.Id);
        Assert.Null(revisions[0].Correction);
        Assert.Equal("The headline named the wrong city.", revisions[1].Correction);
    }

    [Fact]
    public async Task ACorrectionAlone_MakesARevision()
    {
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request);

        using var put = await _client.PutArticleAsync(article.Id, request with { Correction = "A photo caption named the wrong town." });

        await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var latest = (await _client.RevisionsAsync(article.Id))[0];
        Assert.Equal(2, latest.Number);
        Assert.Empty(latest.ChangedFields);
        Assert.Equal("A photo caption named the wrong town.", latest.Correction);
    }

    [Fact]
    public async Task ArticlesWithoutCorrections_HaveAnEmptyList()
    {
        var article = await _client.CreateArticleAsync();

        Assert.Empty(article.Corrections);
        Assert.Empty((await _client.GetArticleAsync(article.Id)).Article.Corrections);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    public async Task AnEmptyCorrection_IsAValidationError(string correction)
    {
        var article = await _client.CreateArticleAsync();

        using var response = await _client.MergePatchAsync($"/v1/articles/{article.Id}", $$"""{"correction": {{correction}}}""");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("correction");
    }

    [Fact]
    public async Task ATooLongCorrection_IsAValidationError()
    {
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request);

        using var response = await _client.PutArticleAsync(article.Id, request with { Correction = new string('x', 2001) });

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("correction");
    }

    [Fact]
    public async Task ANewArticle_CannotCarryACorrection()
    {
        var request = await _client.NewArticleRequestAsync() with { Correction = "Nothing to correct yet." };

        using var response = await _client.PostAsJsonAsync("/v1/articles", request, TestData.Json);

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("correction");
    }
}
