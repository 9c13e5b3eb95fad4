using System.Net;
using System.Text.Json.Nodes;
using ContentApi.Articles;
using ContentApi.Persistence;

namespace ContentApi.Tests.Articles;

/// <summary>POST /v1/articles with invalid requests: 400 problems naming the field, and nothing created.</summary>
public sealed class ArticleValidationTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Returns400_WhenHeadlineIsMissing()
    {
        var request = await _client.NewArticleRequestAsync();
        var json = request.ToJsonObject();
        json.Remove("headline");

        var errors = await PostInvalidAsync(json, request.Slug!);

        errors.ShouldHaveErrorFor("headline");
    }

    [Fact]
    public async Task Returns400_WhenHeadlineIsLongerThan200Characters()
    {
        var request = await _client.NewArticleRequestAsync(new string('h', 201));

        var errors = await PostInvalidAsync(request, request.Slug!);

        errors.ShouldHaveErrorFor("headline");
    }

    [Fact]
    public async Task AcceptsHeadlineOf200Characters()
    {
        var headline = new string('h', 200);

        var article = await _client.CreateArticleAsync(await _client.NewArticleRequestAsync(headline));

        Assert.Equal(headline, article.Headline);
    }

    [Theory]
    [InlineData("Not A Slug")]
    [InlineData("123")]
    [InlineData("double--hyphen")]
    public async Task Returns400_WhenSlugIsNotASlug(string slug)
    {
        var request = await _client.NewArticleRequestAsync() with { Slug = slug };

        using var response = await _client.SendJsonAsync(HttpMethod.Post, "/v1/articles", request);

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("slug");
    }

    [Fact]
    public async Task Returns400_WhenScheduledWithoutPublishAt()
    {
        var request = await _client.NewArticleRequestAsync() with { Status = ArticleStatus.Scheduled, PublishAt = null };

        var errors = await PostInvalidAsync(request, request.Slug!);

        errors.ShouldHaveErrorFor("publishAt");
    }

    [Fact]
    public async Task Returns400_WhenPublishedWithoutBylines()
    {
        var request = await _client.NewArticleRequestAsync() with { Status = ArticleStatus.Published, Bylines = [] };

        var errors = await PostInvalidAsync(request, request.Slug!);

        errors.ShouldHaveErrorFor("bylines");
    }

    [Fact]
    public async Task AcceptsDraftWithoutBylines()
    {
        var request = await _client.NewArticleRequestAsync() with { Status = ArticleStatus.Draft, Bylines = null };

        var article = await _client.CreateArticleAsync(request);

        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Empty(article.Bylines);
    }

    [Fact]
    public async Task Returns400_WhenATagIdIsUnknown()
    {
        var request = await _client.NewArticleRequestAsync();
        request = request with { TagIds = [request.TagIds![0], "999999999"] };

        var errors = await PostInvalidAsync(request, request.Slug!);

        errors.ShouldHaveErrorFor("tagIds[1]");
        Assert.False(errors.ContainsKey("tagIds[0]"), "The existing tag was reported as unknown.");
    }

    [Fact]
    public async Task Returns400_WhenABylineIdIsUnknown()
    {
        var request = await _client.NewArticleRequestAsync() with { Bylines = [new ArticleBylineRequest("999999999")] };

        var errors = await PostInvalidAsync(request, request.Slug!);

        errors.ShouldHaveErrorFor("bylines[0].bylineId");
    }

    [Fact]
    public async Task Returns400_WhenAnEntityIdIsUnknown()
    {
        var request = await _client.NewArticleRequestAsync() with { EntityIds = ["999999999"] };

        var errors = await PostInvalidAsync(request, request.Slug!);

        errors.ShouldHaveErrorFor("entityIds[0]");
    }

    [Fact]
    public async Task Returns400_WhenARelatedArticleIdIsUnknown()
    {
        var request = await _client.NewArticleRequestAsync() with { RelatedArticleIds = ["999999999"] };

        var errors = await PostInvalidAsync(request, request.Slug!);

        errors.ShouldHaveErrorFor("relatedArticleIds[0]");
    }

    [Fact]
    public async Task Returns400_WhenTagIdsRepeat()
    {
        var request = await _client.NewArticleRequestAsync();
        request = request with { TagIds = [request.TagIds![0], request.TagIds[0]] };

        var errors = await PostInvalidAsync(request, request.Slug!);

        errors.ShouldHaveErrorFor("tagIds");
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a url")]
    [InlineData("ftp://news.example/world")]
    public async Task Returns400_WhenCanonicalUrlIsNotAWebAddress(string url)
    {
        var request = await _client.NewArticleRequestAsync() with { CanonicalUrl = url };

        var errors = await PostInvalidAsync(request, request.Slug!);

        errors.ShouldHaveErrorFor("canonicalUrl");
    }

    [Fact]
    public async Task Returns400_WhenFeaturedImageUrlIsNotAWebAddress()
    {
        var request = await _client.NewArticleRequestAsync();
        request = request with { FeaturedImage = request.FeaturedImage! with { Url = "javascript:alert(1)" } };

        var errors = await PostInvalidAsync(request, request.Slug!);

        errors.ShouldHaveErrorFor("featuredImage.url");
    }

    [Theory]
    [InlineData("english")]
    [InlineData("e")]
    [InlineData("en_GB")]
    public async Task Returns400_WhenLanguageIsNotABcp47Tag(string language)
    {
        var request = await _client.NewArticleRequestAsync() with { Language = language };

        var errors = await PostInvalidAsync(request, request.Slug!);

        errors.ShouldHaveErrorFor("language");
    }

    [Fact]
    public async Task Returns400Problem_WhenStatusIsUnknown()
    {
        var request = await _client.NewArticleRequestAsync();
        var json = request.ToJsonObject();
        json["status"] = "bogus";

        var errors = await PostInvalidAsync(json, request.Slug!);

        errors.ShouldHaveErrorFor("status");
    }

    [Fact]
    public async Task Returns400Problem_WhenBylineRoleIsUnknown()
    {
        var request = await _client.NewArticleRequestAsync();
        var json = request.ToJsonObject();
        json["bylines"]![0]!["role"] = "chef";

        var errors = await PostInvalidAsync(json, request.Slug!);

        errors.ShouldHaveErrorFor("bylines[0].role");
    }

    [Fact]
    public async Task Returns400Problem_WhenBodyIsNotJson()
    {
        var request = await _client.NewArticleRequestAsync();

        using var response = await _client.SendJsonAsync(HttpMethod.Post, "/v1/articles", $"{{\"slug\": \"{request.Slug}\", \"headline\": ");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await _client.ShouldNotExistAsync(request.Slug!);
    }

    /// <summary>Posts an invalid request, returns its field errors and checks that no article was created.</summary>
    private async Task<Dictionary<string, string[]>> PostInvalidAsync(object body, string slug)
    {
        using var response = body is JsonObject json
            ? await _client.SendJsonAsync(HttpMethod.Post, "/v1/articles", json.ToJsonString())
            : await _client.SendJsonAsync(HttpMethod.Post, "/v1/articles", body);
        var errors = await response.ShouldBeValidationProblemAsync();
        await _client.ShouldNotExistAsync(slug);
        return errors;
    }
}
