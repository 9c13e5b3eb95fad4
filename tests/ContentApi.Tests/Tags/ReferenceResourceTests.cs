#pragma warning disable CA1707 // Test names read Behaviour_WhenCondition (STYLE.md rule 12).

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentApi.Http;

namespace ContentApi.Tests;

// What bylines, tags and entities have in common, one abstract class per concern. Each resource's
// folder has a sealed subclass per concern (Tags/TagCreateTests.cs and so on) that runs these tests
// against its own route, with its own factory, and adds the tests only that resource needs.

/// <summary>The factory and resource every shared test class works with.</summary>
public abstract class ReferenceResourceTestBase(ContentApiFactory api, ReferenceResource resource)
{
    protected ContentApiFactory Api { get; } = api;

    protected ReferenceResource Resource { get; } = resource;
}

public abstract class ReferenceCreateTests(ContentApiFactory api, ReferenceResource resource)
    : ReferenceResourceTestBase(api, resource)
{
    [Fact]
    public async Task Returns201WithLocationETagAndCamelCaseJson()
    {
        var client = Api.CreateClient();
        var body = Resource.Body();

        using var response = await client.SendJsonAsync(HttpMethod.Post, Resource.Collection, body.ToJsonString());

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var created = await Stored.ReadAsync(response);
        Assert.Equal(JsonValueKind.String, created.Json.GetProperty("id").ValueKind);
        Assert.Equal(Resource.Url(created.Id), response.Headers.Location?.OriginalString);
        created.ShouldMatch(body);
        Assert.All(created.Json.EnumerateObject(), p => Assert.True(char.IsLower(p.Name[0]), $"'{p.Name}' is not camelCase."));
        Assert.Equal(Api.Clock.GetUtcNow(), created.Json.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task LocationServesTheCreatedRepresentationWithTheSameETag()
    {
        var client = Api.CreateClient();
        using var response = await client.SendJsonAsync(HttpMethod.Post, Resource.Collection, Resource.Body().ToJsonString());
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var created = await Stored.ReadAsync(response);

        using var location = await client.GetAsync(response.Headers.Location);

        await location.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var fetched = await Stored.ReadAsync(location);
        Assert.Equal(created.Json.GetRawText(), fetched.Json.GetRawText());
        Assert.Equal(created.ETag, fetched.ETag);
    }

    [Fact]
    public async Task GeneratesSlugFromName_AndNumbersRepeats_WhenSlugIsOmitted()
    {
        var client = Api.CreateClient();
        var token = Guid.NewGuid().ToString("N")[..8];
        var body = Resource.Body();
        body.Remove("slug");
        body["name"] = $"{Resource.SampleName} {token}";

        var first = await Resource.CreateAsync(client, body);
        var second = await Resource.CreateAsync(client, body);

        Assert.Equal($"{Resource.SampleSlug}-{token}", first.Slug);
        Assert.Equal($"{Resource.SampleSlug}-{token}-2", second.Slug);
    }

    [Fact]
    public async Task Returns409Problem_AndLeavesTheOwnerAlone_WhenSlugIsTaken()
    {
        var client = Api.CreateClient();
        var owner = await Resource.CreateAsync(client);
        var body = Resource.Body();
        body["slug"] = owner.Slug;

        using var response = await client.SendJsonAsync(HttpMethod.Post, Resource.Collection, body.ToJsonString());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"'{owner.Slug}'", problem.GetProperty("detail").GetString());
        var after = await Resource.GetAsync(client, owner.Slug);
        Assert.Equal(owner.Id, after.Id);
        Assert.Equal(owner.ETag, after.ETag);
    }
}

public abstract class ReferenceValidationTests(ContentApiFactory api, ReferenceResource resource)
    : ReferenceResourceTestBase(api, resource)
{
    /// <summary>Field, invalid value (null: left out) and the key its error should have.</summary>
    public static TheoryData<string, string?, string> InvalidSharedFields => new()
    {
        { "name", null, "name" },
        { "name", new string('n', 121), "name" },
        { "slug", "Mali Talks", "slug" },
        { "slug", "2026", "slug" },
    };

    [Theory]
    [MemberData(nameof(InvalidSharedFields), MemberType = typeof(ReferenceValidationTests))]
    public Task Returns400KeyedByField_AndCreatesNothing_WhenSharedFieldIsInvalid(string field, string? value, string errorKey) =>
        ShouldRejectAsync(body =>
        {
            if (value is null)
            {
                body.Remove(field);
            }
            else
            {
                body[field] = value;
            }
        }, errorKey);

    /// <summary>
    /// Posts a valid body changed by <paramref name="change"/>, asserts a 400 validation problem with
    /// an error under <paramref name="errorKey"/>, and that nothing was created under the body's slug or name.
    /// </summary>
    protected async Task<string[]> ShouldRejectAsync(Action<JsonObject> change, string errorKey)
    {
        var client = Api.CreateClient();
        var body = Resource.Body();
        var slug = body["slug"]!.GetValue<string>();
        var slugOfName = Slugs.From(body["name"]!.GetValue<string>());
        change(body);

        using var response = await client.SendJsonAsync(HttpMethod.Post, Resource.Collection, body.ToJsonString());

        var errors = await response.ShouldBeValidationProblemAsync();
        var messages = errors.ShouldHaveErrorFor(errorKey);
        await Resource.ShouldNotExistAsync(client, slug);
        await Resource.ShouldNotExistAsync(client, slugOfName);
        return messages;
    }
}

public abstract class ReferenceReadTests(ContentApiFactory api, ReferenceResource resource)
    : ReferenceResourceTestBase(api, resource)
{
    [Fact]
    public async Task ReturnsTheSameRepresentation_ByIdAndBySlug()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);

        var byId = await Resource.GetAsync(client, created.Id);
        var bySlug = await Resource.GetAsync(client, created.Slug);

        Assert.Equal(created.Json.GetRawText(), byId.Json.GetRawText());
        Assert.Equal(byId.Json.GetRawText(), bySlug.Json.GetRawText());
        Assert.Equal(byId.ETag, bySlug.ETag);
    }

    [Theory]
    [InlineData("no-such-slug-7f3a9c")]
    [InlineData("2147483647")]
    public async Task Returns404Problem_WhenIdOrSlugIsUnknown(string idOrSlug)
    {
        using var response = await Api.CreateClient().GetAsync(Resource.Url(idOrSlug));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains($"'{idOrSlug}'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Returns304WithoutBody_WhenIfNoneMatchHasTheCurrentETag()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);

        using var current = await client.GetIfNoneMatchAsync(Resource.Url(created.Slug), created.ETag);
        using var stale = await client.GetIfNoneMatchAsync(Resource.Url(created.Slug), "\"0123456789abcdef\"");

        await current.ShouldHaveStatusAsync(HttpStatusCode.NotModified);
        Assert.Empty(await current.Content.ReadAsByteArrayAsync());
        await stale.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }
}

public abstract class ReferenceReplaceTests(ContentApiFactory api, ReferenceResource resource)
    : ReferenceResourceTestBase(api, resource)
{
    [Fact]
    public async Task ReplacesEveryField_AndKeepsTheSlug_WhenSlugIsOmitted()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);
        var replacement = Resource.Replacement();

        using var response = await client.PutJsonAsync(Resource.Url(created.Id), replacement);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var replaced = await Stored.ReadAsync(response);
        replaced.ShouldMatch(replacement);
        Assert.Equal(created.Slug, replaced.Slug);
        Assert.Equal(JsonValueKind.Null, replaced.Json.GetProperty(Resource.OptionalField).ValueKind);
        Assert.Equal(replaced.Json.GetRawText(), (await Resource.GetAsync(client, created.Slug)).Json.GetRawText());
    }

    [Fact]
    public async Task MovesToANewSlug_WhenAFreeSlugIsGiven()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);
        var replacement = Resource.Replacement();
        var newSlug = TestData.Unique(Resource.SampleSlug);
        replacement["slug"] = newSlug;

        using var response = await client.PutJsonAsync(Resource.Url(created.Slug), replacement);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(created.Id, (await Resource.GetAsync(client, newSlug)).Id);
        await Resource.ShouldNotExistAsync(client, created.Slug);
    }

    [Fact]
    public async Task KeepsCreatedAt_AndMovesUpdatedAtToNow()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);
        Api.Clock.Advance(TimeSpan.FromHours(3));

        using var response = await client.PutJsonAsync(Resource.Url(created.Id), Resource.Replacement());

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var replaced = await Stored.ReadAsync(response);
        Assert.Equal(created.Json.GetProperty("createdAt").GetDateTimeOffset(), replaced.Json.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(Api.Clock.GetUtcNow(), replaced.Json.GetProperty("updatedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Returns400AndChangesNothing_WhenTheReplacementIsInvalid()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);
        var replacement = Resource.Replacement();
        replacement.Remove("name");

        using var response = await client.PutJsonAsync(Resource.Url(created.Id), replacement);

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("name");
        Assert.Equal(created.ETag, (await Resource.GetAsync(client, created.Id)).ETag);
    }

    [Fact]
    public async Task Returns200WithANewETag_WhenIfMatchIsCurrent()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);

        using var response = await client.PutJsonAsync(Resource.Url(created.Id), Resource.Replacement(), ifMatch: created.ETag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var replaced = await Stored.ReadAsync(response);
        Assert.NotEqual(created.ETag, replaced.ETag);
        Assert.Equal(replaced.ETag, (await Resource.GetAsync(client, created.Id)).ETag);
    }

    [Fact]
    public async Task Returns412AndChangesNothing_WhenIfMatchIsStale()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);
        using var firstWrite = await client.PutJsonAsync(Resource.Url(created.Id), Resource.Replacement());
        await firstWrite.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var current = await Stored.ReadAsync(firstWrite);

        using var response = await client.PutJsonAsync(Resource.Url(created.Id), Resource.Replacement(), ifMatch: created.ETag);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var after = await Resource.GetAsync(client, created.Id);
        Assert.Equal(current.Json.GetRawText(), after.Json.GetRawText());
        Assert.Equal(current.ETag, after.ETag);
    }

    [Fact]
    public async Task Returns404Problem_AndCreatesNothing_WhenUnknown()
    {
        var client = Api.CreateClient();
        var slug = TestData.Unique(Resource.SampleSlug);

        using var response = await client.PutJsonAsync(Resource.Url(slug), Resource.Replacement());

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await Resource.ShouldNotExistAsync(client, slug);
    }

    [Fact]
    public async Task Returns409Problem_AndChangesNothing_WhenSlugIsTakenByAnother()
    {
        var client = Api.CreateClient();
        var owner = await Resource.CreateAsync(client);
        var other = await Resource.CreateAsync(client);
        var replacement = Resource.Replacement();
        replacement["slug"] = owner.Slug;

        using var response = await client.PutJsonAsync(Resource.Url(other.Id), replacement);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(other.ETag, (await Resource.GetAsync(client, other.Id)).ETag);
        Assert.Equal(owner.Id, (await Resource.GetAsync(client, owner.Slug)).Id);
    }
}

public abstract class ReferencePatchTests(ContentApiFactory api, ReferenceResource resource)
    : ReferenceResourceTestBase(api, resource)
{
    [Fact]
    public async Task ChangesOnlyThePatchedField()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);

        using var response = await client.MergePatchAsync(Resource.Url(created.Id), """{ "name": "Patched Name" }""");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var patched = await Stored.ReadAsync(response);
        Assert.Equal("Patched Name", patched.Text("name"));
        Assert.True(JsonNode.DeepEquals(created.Without("name", "updatedAt"), patched.Without("name", "updatedAt")));
        Assert.Equal("Patched Name", (await Resource.GetAsync(client, created.Slug)).Text("name"));
    }

    [Fact]
    public async Task ClearsTheOptionalField_WhenItIsPatchedToNull()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);
        Assert.NotNull(created.Text(Resource.OptionalField));

        using var response = await client.MergePatchAsync(Resource.Url(created.Id), $$"""{ "{{Resource.OptionalField}}": null }""");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var patched = await Resource.GetAsync(client, created.Id);
        Assert.Equal(JsonValueKind.Null, patched.Json.GetProperty(Resource.OptionalField).ValueKind);
        Assert.True(JsonNode.DeepEquals(
            created.Without(Resource.OptionalField, "updatedAt"), patched.Without(Resource.OptionalField, "updatedAt")));
    }

    [Fact]
    public async Task Returns400AndChangesNothing_WhenNameIsPatchedToNull()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);

        using var response = await client.MergePatchAsync(Resource.Url(created.Id), """{ "name": null }""");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("name");
        Assert.Equal(created.ETag, (await Resource.GetAsync(client, created.Id)).ETag);
    }

    [Fact]
    public async Task Returns412AndChangesNothing_WhenIfMatchIsStale()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);
        using var firstWrite = await client.MergePatchAsync(Resource.Url(created.Id), """{ "name": "First Writer" }""");
        await firstWrite.ShouldHaveStatusAsync(HttpStatusCode.OK);

        using var response = await client.MergePatchAsync(Resource.Url(created.Id), """{ "name": "Second Writer" }""", ifMatch: created.ETag);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("First Writer", (await Resource.GetAsync(client, created.Id)).Text("name"));
    }
}

public abstract class ReferenceDeleteTests(ContentApiFactory api, ReferenceResource resource)
    : ReferenceResourceTestBase(api, resource)
{
    [Fact]
    public async Task Returns204ThenNotFound_WhenNoArticleUsesIt()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);

        using var response = await client.DeleteAsync(Resource.Url(created.Id));

        await response.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await Resource.ShouldNotExistAsync(client, created.Id);
        await Resource.ShouldNotExistAsync(client, created.Slug);
    }

    [Fact]
    public async Task Returns412AndKeepsIt_WhenIfMatchIsStale()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);
        using (var patch = await client.MergePatchAsync(Resource.Url(created.Id), """{ "name": "Changed Meanwhile" }"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var request = new HttpRequestMessage(HttpMethod.Delete, Resource.Url(created.Id));
        request.Headers.TryAddWithoutValidation("If-Match", created.ETag);
        using var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("Changed Meanwhile", (await Resource.GetAsync(client, created.Id)).Text("name"));
    }

    [Fact]
    public async Task Returns409WithArticleCount_AndKeepsIt_WhenArticlesUseIt()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);
        await Resource.CreateArticleUsingAsync(client, created.Id);
        await Resource.CreateArticleUsingAsync(client, created.Id);

        using var response = await client.DeleteAsync(Resource.Url(created.Slug));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, problem.GetProperty("articleCount").GetInt32());
        Assert.Contains("used by 2 articles", problem.GetProperty("detail").GetString());
        Assert.Equal(created.ETag, (await Resource.GetAsync(client, created.Id)).ETag);
    }

    [Fact]
    public async Task Succeeds_OnceTheArticlesUsingItAreDeleted()
    {
        var client = Api.CreateClient();
        var created = await Resource.CreateAsync(client);
        var article = await Resource.CreateArticleUsingAsync(client, created.Id);
        using (var refused = await client.DeleteAsync(Resource.Url(created.Id)))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        using (var articleDeleted = await client.DeleteAsync($"/v1/articles/{article.Id}"))
        {
            await articleDeleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        using var response = await client.DeleteAsync(Resource.Url(created.Id));

        await response.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await Resource.ShouldNotExistAsync(client, created.Id);
    }
}
