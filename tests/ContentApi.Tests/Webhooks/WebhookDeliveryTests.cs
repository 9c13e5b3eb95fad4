using System.Net;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Articles;
using ContentApi.Webhooks;

namespace ContentApi.Tests.Webhooks;

/// <summary>Article changes reach a real receiver on loopback as signed Standard Webhooks requests, retried until they get through.</summary>
public sealed class WebhookDeliveryTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private readonly HttpClient _editor = fixture.Api.CreateClient();
    private readonly HttpClient _admin = fixture.Api.CreateClientFor(ApiRole.Admin);
    private WebhookReceiver Receiver => fixture.Receiver;

    [Fact]
    public async Task PublishingAnArticle_DeliversArticlePublished_WithTheArticle_SignedWithTheWebhooksSecret()
    {
        var (url, name) = Receiver.NewUrl();
        var webhook = await _admin.CreateWebhookAsync(url);

        var article = await _editor.CreateArticleAsync();

        var received = await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id);
        Assert.Equal(WebhookEvents.Published, received.Type);
        Assert.Equal(article.Headline, received.Article!.Value.GetProperty("headline").GetString());
        Assert.Equal(article.Slug, received.Json.GetProperty("data").GetProperty("slug").GetString());
        Assert.StartsWith("application/json", received.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("evt_", received.Id, StringComparison.Ordinal);
        Assert.Equal(fixture.Api.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), received.Timestamp);
        Assert.True(received.SignatureVerifies(webhook.Secret!), $"The signature '{received.Signature}' does not verify.");
        Assert.False(received.SignatureVerifies(webhook.Secret!, received.Body.Replace(article.Headline, "Forged headline", StringComparison.Ordinal)));
        Assert.False(received.SignatureVerifies(WebhookSignatures.NewSecret()));
    }

    [Fact]
    public async Task AWriteThatHidesAndRenames_IsUnpublished_UnderTheSlugTheAudienceSaw()
    {
        var (url, name) = Receiver.NewUrl();
        await _admin.CreateWebhookAsync(url);
        var article = await _editor.CreateArticleAsync();
        await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id && r.Type == WebhookEvents.Published);
        var secret = TestData.Unique("never-public");

        await (await _editor.PutArticleAsync(article.Id, article.ToRequest() with { Status = ArticleStatus.Draft, Slug = secret }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);

        var unpublished = await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id && r.Type == WebhookEvents.Unpublished);
        Assert.Equal(article.Slug, unpublished.Json.GetProperty("data").GetProperty("slug").GetString());
        Assert.DoesNotContain(secret, unpublished.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdatingUnpublishingAndDeleting_DeliverUpdatedUnpublishedAndDeleted()
    {
        var (url, name) = Receiver.NewUrl();
        await _admin.CreateWebhookAsync(url);
        var article = await _editor.CreateArticleAsync();
        await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id);

        using (var update = await _editor.MergePatchAsync($"/v1/articles/{article.Id}", """{ "headline": "A sharper headline" }"""))
        {
            await update.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var updated = await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id && r.Type == WebhookEvents.Updated);
        Assert.Equal("A sharper headline", updated.Article!.Value.GetProperty("headline").GetString());

        using (var unpublish = await _editor.MergePatchAsync($"/v1/articles/{article.Id}", """{ "status": "draft" }"""))
        {
            await unpublish.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var unpublished = await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id && r.Type == WebhookEvents.Unpublished);
        Assert.Null(unpublished.Article);

        // Edits of a draft are nobody's business but editors'.
        using (var draftEdit = await _editor.MergePatchAsync($"/v1/articles/{article.Id}", """{ "headline": "Still a draft" }"""))
        {
            await draftEdit.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var republish = await _editor.MergePatchAsync($"/v1/articles/{article.Id}", """{ "status": "published" }"""))
        {
            await republish.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id && r.Type == WebhookEvents.Published && r.Article!.Value.GetProperty("headline").GetString() == "Still a draft");
        using (var delete = await _editor.DeleteArticleAsync(article.Id))
        {
            await delete.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        var deleted = await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id && r.Type == WebhookEvents.Deleted);
        Assert.Null(deleted.Article);
        Assert.Equal(
            [WebhookEvents.Published, WebhookEvents.Updated, WebhookEvents.Unpublished, WebhookEvents.Published, WebhookEvents.Deleted],
            Receiver.Received(name).Where(r => r.ArticleId == article.Id).Select(r => r.Type));
    }

    [Fact]
    public async Task AReceiverThatFailsTwice_GetsTheEventOnTheThirdAttempt_WithTheSameEventId()
    {
        var (url, name) = Receiver.NewUrl();
        var webhook = await _admin.CreateWebhookAsync(url);
        Receiver.FailNext(name, 2);

        var article = await _editor.CreateArticleAsync();

        // Retries wait with backoff by the service's clock: move it on instead of sleeping.
        await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id && r.Answered == 204, () => fixture.Api.Clock.Advance(TimeSpan.FromSeconds(5)));
        var attempts = Receiver.Received(name).Where(r => r.ArticleId == article.Id).ToList();
        Assert.Equal([503, 503, 204], attempts.Select(a => a.Answered));
        Assert.Single(attempts.Select(a => a.Id).Distinct());
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        Assert.All(attempts, a => Assert.True(a.SignatureVerifies(webhook.Secret!)));

        var delivery = await _admin.WaitForDeliveryAsync(webhook.Id, d => d.ArticleId == article.Id && d.Status == DeliveryStatus.Delivered);
        Assert.Equal((3, 204, attempts[0].Id), (delivery.Attempts, delivery.LastStatusCode, delivery.EventId));
    }

    [Fact]
    public async Task Redeliver_SendsTheSameEventAgain_AndATestPingArrives()
    {
        var (url, name) = Receiver.NewUrl();
        var webhook = await _admin.CreateWebhookAsync(url);
        var article = await _editor.CreateArticleAsync();
        var first = await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id);
        var delivery = await _admin.WaitForDeliveryAsync(webhook.Id, d => d.ArticleId == article.Id && d.Status == DeliveryStatus.Delivered);

        using (var redeliver = await _admin.PostAsync($"/v1/webhooks/{webhook.Id}/deliveries/{delivery.Id}/redeliver", null))
        {
            await redeliver.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        await Receiver.WaitForAsync(name, _ => Receiver.Received(name).Count(r => r.ArticleId == article.Id) == 2);
        var both = Receiver.Received(name).Where(r => r.ArticleId == article.Id).ToList();
        Assert.Equal(2, both.Count);
        Assert.Equal((first.Id, first.Body), (both[1].Id, both[1].Body));

        using (var ping = await _admin.PostAsync($"/v1/webhooks/{webhook.Id}/test", null))
        {
            await ping.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        var test = await Receiver.WaitForAsync(name, r => r.Type == WebhookEvents.Test);
        Assert.Equal(webhook.Id, test.Json.GetProperty("data").GetProperty("webhookId").GetString());
        Assert.True(test.SignatureVerifies(webhook.Secret!));
    }

    [Fact]
    public async Task RotatingTheSecret_SignsWithBothSecretsForADay_AndShowsTheNewOneOnce()
    {
        var (url, name) = Receiver.NewUrl();
        var webhook = await _admin.CreateWebhookAsync(url);
        using var rotate = await _admin.PostAsync($"/v1/webhooks/{webhook.Id}/rotate-secret", null);
        await rotate.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var rotated = await rotate.ReadAsync<WebhookResponse>();
        Assert.NotEqual(webhook.Secret, rotated.Secret);

        var article = await _editor.CreateArticleAsync();
        var received = await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id);
        Assert.True(received.SignatureVerifies(rotated.Secret!));
        Assert.True(received.SignatureVerifies(webhook.Secret!));

        using var get = await _admin.GetAsync($"/v1/webhooks/{webhook.Id}");
        Assert.DoesNotContain("secret\"", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADisabledWebhook_HearsNothingOfChangesMadeWhileItWasOff()
    {
        var (url, name) = Receiver.NewUrl();
        var webhook = await _admin.CreateWebhookAsync(url);
        using (var off = await _admin.MergePatchAsync($"/v1/webhooks/{webhook.Id}", """{ "enabled": false }"""))
        {
            Assert.Equal(WebhookStatus.Disabled, (await off.ReadAsync<WebhookResponse>()).Status);
        }

        var whileOff = await _editor.CreateArticleAsync();
        using (var on = await _admin.MergePatchAsync($"/v1/webhooks/{webhook.Id}", """{ "enabled": true }"""))
        {
            Assert.Equal(WebhookStatus.Active, (await on.ReadAsync<WebhookResponse>()).Status);
        }

        var afterwards = await _editor.CreateArticleAsync();

        await Receiver.WaitForAsync(name, r => r.ArticleId == afterwards.Id);
        Assert.DoesNotContain(Receiver.Received(name), r => r.ArticleId == whileOff.Id);
    }

    [Fact]
    public async Task AnAddressRefusedWhenSending_IsAFailedAttemptThatSaysWhy_WithoutTheAddressesTheNameHas()
    {
        // Registered through the database, past registration's check of the name: localhost resolves to loopback
        // addresses, and only the host 127.0.0.1 is allowed.
        var webhook = await fixture.Api.InsertWebhookAsync("http://localhost:9/hook");

        using (var ping = await _admin.PostAsync($"/v1/webhooks/{webhook}/test", null))
        {
            await ping.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        var delivery = await _admin.WaitForDeliveryAsync(webhook, d => d.Attempts > 0 && d.LastError is not null);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Null(delivery.LastStatusCode);
        Assert.Contains("the address of localhost is not one webhooks may reach", delivery.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", delivery.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("::1", delivery.LastError, StringComparison.Ordinal);
    }
}
