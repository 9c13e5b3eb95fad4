using ContentApi.Entities;
using ContentApi.Syndication;
using ContentApi.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContentApi.Tests.Fuzzing;

/// <summary>
/// The service with the sample newsroom and without its background workers (entity re-extraction,
/// the reach clock, webhook delivery). The fuzzer checks that a refused request changes nothing stored;
/// a worker finishing earlier work at the same moment would look like such a change, and the webhook
/// worker would try to reach the addresses the fuzzer registers.
/// </summary>
public sealed class FuzzApiFactory : ContentApiFactory
{
    private static readonly Type[] Workers = [typeof(ExtractionJobRunner), typeof(ContentApi.Changes.ReachClock), typeof(WebhookWorker)];

    protected override bool LoadSampleContent => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService) && Workers.Contains(d.ImplementationType)).ToList())
            {
                services.Remove(worker);
            }
        });
    }
}
