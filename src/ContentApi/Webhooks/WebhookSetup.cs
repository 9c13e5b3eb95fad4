using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ContentApi.Webhooks;

public sealed class WebhookOptions
{
    /// <summary>How often the worker looks for changes and due deliveries when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a receiver has to answer an attempt, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a receiver has to accept the connection: shorter than Timeout, so an address that never answers frees its slot soon.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The first retry comes within this; each later one within twice the previous bound (full jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest bound between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after it was queued a delivery is given up, and its webhook marked failing.</summary>
    public TimeSpan RetryHorizon { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Most deliveries sent at once, in all.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Most deliveries sent at once to one owner's webhooks (a partner key's, or the admins'): its share of the slots.</summary>
    public int MaxConcurrencyPerOwner { get; set; } = 4;

    /// <summary>Most webhooks one owner (a partner key, or the admins together) may register.</summary>
    public int MaxPerOwner { get; set; } = 25;

    /// <summary>Hosts webhooks may use even though they are (or resolve to) private or loopback addresses, such as a local receiver.</summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>Allow every private, loopback and link-local address (a service inside a private network).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Only https URLs may be registered; when not set, true in the Production environment only.</summary>
    public bool? RequireHttps { get; set; }
}

public static class WebhookSetup
{
    public const string ClientName = "webhooks";

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.Timeout > TimeSpan.Zero, "Webhooks:PollInterval and Webhooks:Timeout must be positive")
            .Validate(o => o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay, "Webhooks:RetryDelay must be positive and at most Webhooks:MaxRetryDelay")
            .Validate(o => o.RetryHorizon > TimeSpan.Zero, "Webhooks:RetryHorizon must be positive")
            .Validate(o => o.MaxConcurrency is > 0 and <= 100, "Webhooks:MaxConcurrency must be 1-100")
            .Validate(o => o.MaxConcurrencyPerOwner > 0 && o.MaxConcurrencyPerOwner <= o.MaxConcurrency,
                "Webhooks:MaxConcurrencyPerOwner must be at least 1 and at most Webhooks:MaxConcurrency")
            .Validate(o => o.ConnectTimeout > TimeSpan.Zero && o.ConnectTimeout <= o.Timeout, "Webhooks:ConnectTimeout must be positive and at most Webhooks:Timeout")
            .Validate(o => o.MaxPerOwner is > 0 and <= 10_000, "Webhooks:MaxPerOwner must be 1-10000")
            .ValidateOnStart();
        services.AddSingleton<WebhookSignals>();
        services.AddHttpClient(ClientName, (provider, client) =>
            {
                client.Timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("ContentApi-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(provider => WebhookAddresses.CreateHandler(provider.GetRequiredService<IOptions<WebhookOptions>>().Value))
            .RemoveAllLoggers();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookWorker>();
        return services;
    }
}

/// <summary>Wakes the sender early when deliveries were queued (the dispatcher wakes on <see cref="Changes.LoggedChanges"/>).</summary>
public sealed class WebhookSignals : IDisposable
{
    public Changes.LoggedChanges Deliveries { get; } = new();

    public void Dispose() => Deliveries.Dispose();
}
