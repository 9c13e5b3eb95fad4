using System.Net;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;
using ContentApi.Webhooks;

namespace ContentApi.Tests.Webhooks;

/// <summary>Each webhook hears what its audience may see: partners only syndicated articles, embargoes as their key allows; and its filters apply.</summary>
public sealed class WebhookAudienceTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private readonly HttpClient _editor = fixture.Api.CreateClient();
    private readonly HttpClient _admin = fixture.Api.CreateClientFor(ApiRole.Admin);
    private WebhookReceiver Receiver => fixture.Receiver;

    [Fact]
    public async Task APartnersWebhook_NeverReceivesArticlesNotClearedForSyndication()
    {
        using var partner = fixture.Api.CreateClientFor(ApiRole.Partner);
        var (url, name) = Receiver.NewUrl();
        var webhook = await partner.CreateWebhookAsync(url);
        Assert.Equal("partners", webhook.Audience);

        var notCleared = await _editor.CreateArticleAsync(await _editor.NewArticleRequestAsync() with { Syndication = new SyndicationDto(false) });
        var cleared = await _editor.CreateArticleAsync();

        // Entries are dispatched in order: once the later article is here, the earlier one was decided.
        var received = await Receiver.WaitForAsync(name, r => r.ArticleId == cleared.Id);
        Assert.Equal(WebhookEvents.Published, received.Type);
        Assert.DoesNotContain(await partner.DeliveriesAsync(webhook.Id), d => d.ArticleId == notCleared.Id);

        // Withdrawing the clearance is an unpublication, for partners only.
        using var withdraw = await _editor.MergePatchAsync($"/v1/articles/{cleared.Id}", """{ "syndication": { "allowed": false } }""");
        await withdraw.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await Receiver.WaitForAsync(name, r => r.ArticleId == cleared.Id && r.Type == WebhookEvents.Unpublished);
    }

    [Fact]
    public async Task ARevokedPartnerKeysWebhooks_HearNothingMore()
    {
        var key = await fixture.Api.CreateKeyOverHttpAsync(ApiRole.Partner);
        using var partner = fixture.Api.CreateClientWithKey(key.Key);
        var (url, _) = Receiver.NewUrl();
        var (allUrl, allName) = Receiver.NewUrl();
        var webhook = await partner.CreateWebhookAsync(url);
        await _admin.CreateWebhookAsync(allUrl);
        using (var revoke = await _admin.DeleteAsync($"/v1/keys/{key.Id}"))
        {
            await revoke.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        var article = await _editor.CreateArticleAsync();

        await Receiver.WaitForAsync(allName, r => r.ArticleId == article.Id);
        Assert.DoesNotContain(await _admin.DeliveriesAsync(webhook.Id), d => d.ArticleId == article.Id);
    }

    [Fact]
    public async Task AnEmbargoedArticle_ReachesEmbargoClearedPartnersAtOnceWithEmbargoUntil_AndOtherPartnersWhenTheEmbargoEnds()
    {
        using var clearedPartner = fixture.Api.CreateClientWithKey(await fixture.Api.CreateKeyAsync(ApiRole.Partner, embargoCleared: true));
        using var partner = fixture.Api.CreateClientFor(ApiRole.Partner);
        var (clearedUrl, clearedName) = Receiver.NewUrl();
        var (url, name) = Receiver.NewUrl();
        var clearedHook = await clearedPartner.CreateWebhookAsync(clearedUrl);
        var hook = await partner.CreateWebhookAsync(url);
        Assert.Equal("cleared-partners", clearedHook.Audience);
        var embargoEnds = fixture.Api.Clock.GetUtcNow().UtcDateTime.AddHours(1);

        var article = await _editor.CreateArticleAsync(await _editor.NewArticleRequestAsync() with { EmbargoUntil = embargoEnds });

        var early = await Receiver.WaitForAsync(clearedName, r => r.ArticleId == article.Id);
        Assert.Equal(WebhookEvents.Published, early.Type);
        Assert.Equal(embargoEnds, early.Article!.Value.GetProperty("embargoUntil").GetDateTime().ToUniversalTime());
        // Both webhooks' deliveries of one change are queued together: the plain partner got none.
        Assert.DoesNotContain(await partner.DeliveriesAsync(hook.Id), d => d.ArticleId == article.Id);

        fixture.Api.Clock.Advance(TimeSpan.FromHours(2));

        var onTime = await Receiver.WaitForAsync(name, r => r.ArticleId == article.Id);
        Assert.Equal(WebhookEvents.Published, onTime.Type);
        Assert.Equal(article.Headline, onTime.Article!.Value.GetProperty("headline").GetString());
        Assert.Single(await clearedPartner.DeliveriesAsync(clearedHook.Id), d => d.ArticleId == article.Id);
    }

    [Fact]
    public async Task TagSectionAndEventFilters_SelectWhatAWebhookHears_ButDeletionsReachEveryone()
    {
        var tag = await _editor.CreateTagAsync();
        var (url, _) = Receiver.NewUrl();
        var (allUrl, allName) = Receiver.NewUrl();
        var byTag = await _admin.CreateWebhookAsync(url, tagId: tag.Id);
        var bySection = await _admin.CreateWebhookAsync(url, section: "Business");
        var unpublishedOnly = await _admin.CreateWebhookAsync(url, events: [WebhookEvents.Unpublished]);
        await _admin.CreateWebhookAsync(allUrl);

        var tagged = await _editor.CreateArticleAsync(await _editor.NewArticleRequestAsync() with { TagIds = [tag.Id] });
        var business = await _editor.CreateArticleAsync(await _editor.NewArticleRequestAsync() with { Section = "Business" });
        var plain = await _editor.CreateArticleAsync();
        using (var unpublish = await _editor.MergePatchAsync($"/v1/articles/{plain.Id}", """{ "status": "archived" }"""))
        {
            await unpublish.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        // Events are made when dispatched, from the article as it is then: let these go out before the deletion.
        await Receiver.WaitForAsync(allName, r => r.ArticleId == plain.Id && r.Type == WebhookEvents.Unpublished);
        using (var delete = await _editor.DeleteArticleAsync(business.Id))
        {
            await delete.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        await Receiver.WaitForAsync(allName, r => r.ArticleId == business.Id && r.Type == WebhookEvents.Deleted);
        string[] ours = [tagged.Id, business.Id, plain.Id];
        Assert.Equal(
            [$"{business.Id} {WebhookEvents.Deleted}", $"{tagged.Id} {WebhookEvents.Published}"],
            await EventsAsync(byTag.Id));
        Assert.Equal(
            [$"{business.Id} {WebhookEvents.Deleted}", $"{business.Id} {WebhookEvents.Published}"],
            await EventsAsync(bySection.Id));
        Assert.Equal([$"{plain.Id} {WebhookEvents.Unpublished}"], await EventsAsync(unpublishedOnly.Id));

        async Task<List<string>> EventsAsync(string webhookId) =>
            [.. (await _admin.DeliveriesAsync(webhookId)).Where(d => ours.Contains(d.ArticleId)).Select(d => $"{d.ArticleId} {d.EventType}")];
    }
}
