using System.Net;
using System.Net.Http.Json;
using ContentApi.Persistence;
using ContentApi.Http;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;
using ContentApi.Webhooks;

namespace ContentApi.Tests.Webhooks;

/// <summary>Who may register webhooks, which URLs they may use, and that a partner's webhooks are its own.</summary>
public sealed class WebhookRegistrationTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private readonly HttpClient _admin = fixture.Api.CreateClientFor(ApiRole.Admin);

    [Theory]
    [InlineData("http://10.0.0.1/hook")]
    [InlineData("http://169.254.169.254/")]
    [InlineData("http://192.168.1.20:8080/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://localhost:5000/hook")]
    [InlineData("http://0.0.0.0/hook")]
    public async Task RegisteringAPrivateLoopbackOrLinkLocalUrl_Is400OnUrl(string url)
    {
        using var response = await _admin.PostAsJsonAsync("/v1/webhooks", new WebhookRequest(url), TestData.Json);

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Contains(errors.ShouldHaveErrorFor("url"), m => m.Contains("may not point at", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/", "url")]
    [InlineData("/relative/hook", "url")]
    public async Task RegisteringANonWebUrl_Is400OnUrl(string url, string field)
    {
        using var response = await _admin.PostAsJsonAsync("/v1/webhooks", new WebhookRequest(url), TestData.Json);

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor(field);
    }

    [Fact]
    public async Task UnknownEventsAndTags_Are400OnTheirFields()
    {
        var request = new WebhookRequest(fixture.Receiver.NewUrl().Url, Events: [WebhookEvents.Published, "article.liked"], TagId: "999999");
        using var response = await _admin.PostAsJsonAsync("/v1/webhooks", request, TestData.Json);

        var errors = await response.ShouldBeValidationProblemAsync();
        errors.ShouldHaveErrorFor("events[1]");
        errors.ShouldHaveErrorFor("tagId");
    }

    [Fact]
    public async Task HttpsIsRequired_WhereConfigured()
    {
        await using var api = new WebhookApiFactory(("Webhooks:RequireHttps", "true"));
        using var admin = api.CreateClientFor(ApiRole.Admin);

        using var response = await admin.PostAsJsonAsync("/v1/webhooks", new WebhookRequest("http://127.0.0.1:9/hook"), TestData.Json);

        Assert.Contains(
            (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("url"), m => m.Contains("https", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APartnersWebhooks_AreItsOwn_OthersGet404_AdminsSeeThemAll()
    {
        using var partner = fixture.Api.CreateClientFor(ApiRole.Partner);
        using var other = fixture.Api.CreateClientWithKey(await fixture.Api.CreateKeyAsync(ApiRole.Partner));
        var webhook = await partner.CreateWebhookAsync(fixture.Receiver.NewUrl().Url);
        var admins = await _admin.CreateWebhookAsync(fixture.Receiver.NewUrl().Url);
        Assert.NotNull(webhook.OwnerKeyId);
        Assert.Null(admins.OwnerKeyId);
        Assert.Equal("readers", admins.Audience);

        foreach (var (method, path) in new[]
        {
            ("GET", ""), ("DELETE", ""), ("POST", "/rotate-secret"), ("POST", "/test"), ("GET", "/deliveries"), ("POST", "/deliveries/1/redeliver"),
        })
        {
            using var response = await other.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/v1/webhooks/{webhook.Id}{path}"));
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        using (var patch = await other.MergePatchAsync($"/v1/webhooks/{webhook.Id}", """{ "enabled": false }"""))
        {
            await patch.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.DoesNotContain(await ListAsync(other), w => w.Id == webhook.Id);
        Assert.Equal([webhook.Id], (await ListAsync(partner)).Select(w => w.Id));
        Assert.Contains(await ListAsync(_admin), w => w.Id == webhook.Id);
        using var adminGet = await _admin.GetAsync($"/v1/webhooks/{webhook.Id}");
        await adminGet.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(ApiRole.Reader)]
    [InlineData(ApiRole.Editor)]
    public async Task ReadersAndEditors_MayNotRegisterWebhooks(ApiRole role)
    {
        using var client = fixture.Api.CreateClientFor(role);

        using var response = await client.PostAsJsonAsync("/v1/webhooks", new WebhookRequest(fixture.Receiver.NewUrl().Url), TestData.Json);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AStaleIfMatch_Is412_AndChangesNothing()
    {
        var webhook = await _admin.CreateWebhookAsync(fixture.Receiver.NewUrl().Url);
        using var get = await _admin.GetAsync($"/v1/webhooks/{webhook.Id}");
        var etag = ArticleTestHelpers.ETagOf(get);
        using (var change = await _admin.MergePatchAsync($"/v1/webhooks/{webhook.Id}", """{ "section": "World" }""", etag))
        {
            await change.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var stale = await _admin.MergePatchAsync($"/v1/webhooks/{webhook.Id}", """{ "section": "Business" }""", etag);

        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        using var now = await _admin.GetAsync($"/v1/webhooks/{webhook.Id}");
        Assert.Equal("World", (await now.ReadAsync<WebhookResponse>()).Section);
    }

    /// <summary>The first page of webhooks, of 100: more than any test here makes.</summary>
    private static async Task<IReadOnlyList<WebhookResponse>> ListAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/v1/webhooks?limit=100");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.ReadAsync<Page<WebhookResponse>>()).Items;
    }
}
