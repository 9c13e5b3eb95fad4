using System.Net;
using ContentApi.Persistence;
using ContentApi.Webhooks;

namespace ContentApi.Tests.Webhooks;

/// <summary>The pure rules under webhooks: which addresses are public, which event an entry is, how long retries wait.</summary>
public sealed class WebhookRuleTests
{
    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("224.0.0.1")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:c0a8:0101::1")]
    public void PrivateLoopbackLinkLocalAndUnspecifiedAddresses_AreNotPublic(string address) =>
        Assert.False(WebhookAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::808:808")]
    public void InternetAddresses_ArePublic(string address) =>
        Assert.True(WebhookAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook", "127.0.0.1", true)]
    [InlineData("http://LOCALHOST/hook", "localhost", true)]
    [InlineData("http://[::1]/hook", "::1", true)]
    [InlineData("http://127.0.0.1/hook", "localhost", false)]
    [InlineData("http://app.localhost/hook", "127.0.0.1", false)]
    public void AllowedHosts_AreExemptByName(string url, string allowed, bool exempt)
    {
        var options = new WebhookOptions { AllowedHosts = [allowed] };

        Assert.Equal(exempt, WebhookAddresses.RefusalFor(new Uri(url), options, requireHttps: false) is null);
    }

    [Theory]
    [InlineData(ChangeKind.Created, ArticleReach.None, ArticleReach.Editors | ArticleReach.Readers, WebhookEvents.Published)]
    [InlineData(ChangeKind.Created, ArticleReach.None, ArticleReach.Editors, null)]
    [InlineData(ChangeKind.Updated, ArticleReach.Editors | ArticleReach.Readers, ArticleReach.Editors | ArticleReach.Readers, WebhookEvents.Updated)]
    [InlineData(ChangeKind.Updated, ArticleReach.Editors | ArticleReach.Readers, ArticleReach.Editors, WebhookEvents.Unpublished)]
    [InlineData(ChangeKind.Updated, ArticleReach.Editors, ArticleReach.Editors, null)]
    [InlineData(ChangeKind.Deleted, ArticleReach.Editors | ArticleReach.Readers, ArticleReach.None, WebhookEvents.Deleted)]
    [InlineData(ChangeKind.Deleted, ArticleReach.Editors, ArticleReach.None, null)]
    [InlineData(ChangeKind.Timed, ArticleReach.Editors, ArticleReach.Editors | ArticleReach.Readers, WebhookEvents.Published)]
    [InlineData(ChangeKind.Timed, ArticleReach.Editors | ArticleReach.Readers, ArticleReach.Editors | ArticleReach.Readers | ArticleReach.Partners, null)]
    [InlineData(ChangeKind.Timed, ArticleReach.Editors | ArticleReach.Readers, ArticleReach.Editors, WebhookEvents.Unpublished)]
    public void AnEntry_IsTheEventItsReadersBitsSay(ChangeKind kind, ArticleReach before, ArticleReach after, string? expected)
    {
        var entry = new ChangeLogEntry { Kind = kind, Before = before, After = after };

        Assert.Equal(expected, WebhookEvents.For(entry, ArticleReach.Readers));
    }

    [Fact]
    public void Backoff_DoublesItsBoundEachAttempt_UpToTheMaximum()
    {
        var options = new WebhookOptions { RetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(1) };

        Assert.Equal(
            [5, 10, 20, 40, 60, 60],
            Enumerable.Range(1, 6).Select(attempt => WebhookSender.Backoff(attempt, options, jitter: 1).TotalSeconds));
        Assert.Equal(TimeSpan.Zero, WebhookSender.Backoff(3, options, jitter: 0));
        Assert.Equal(TimeSpan.FromMinutes(1), WebhookSender.Backoff(1000, options, jitter: 1));
    }
}
