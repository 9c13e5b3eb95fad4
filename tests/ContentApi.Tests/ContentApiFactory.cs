using System.Net.Http.Headers;
using ContentApi.Access;
using ContentApi.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ContentApi.Tests;

/// <summary>
/// The service over real HTTP against its own database (see <see cref="TestDatabase"/>: SQLite, or PostgreSQL when the
/// suite runs there), migrated at start-up, with a clock the tests move. One per test class; tests create their own rows
/// with unique slugs. Instances made with a shared database run as replicas of one service.
/// </summary>
public class ContentApiFactory : WebApplicationFactory<Program>
{
    private readonly Lazy<TestDatabase> _own = new(() => new TestDatabase());
    private readonly TestDatabase? _shared;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A database of its own unless set to one another owns and disposes (replicas, restarts).</summary>
    public TestDatabase Database { get => _shared ?? _own.Value; init => _shared = value; }

    private readonly Dictionary<ApiRole, string> _keys = [];

    protected virtual bool LoadSampleContent => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        Database.ApplyTo(builder);
        builder.UseSetting("Seed:SampleContent", LoadSampleContent ? "true" : "false");
        builder.UseSetting("Backup:Folder", Path.Combine(Database.Folder, "backups"));
        // Tests make many requests with one key; the rate-limit tests set their own limits.
        foreach (var role in new[] { "Anonymous", "Reader", "Partner", "Editor", "Admin" })
        {
            builder.UseSetting($"RateLimits:{role}:PermitLimit", "1000000");
        }

        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        builder.ConfigureLogging(logging => logging.AddProvider(new ServerErrorLog()));
    }

    /// <summary>Clients act as an editor unless a test asks for another caller (see <see cref="CreateClientFor"/>).</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KeyFor(ApiRole.Editor));
    }

    /// <summary>A client with a key of the given role, or with no key at all for null.</summary>
    public HttpClient CreateClientFor(ApiRole? role, WebApplicationFactoryClientOptions? options = null)
    {
        var client = CreateClient(options ?? new WebApplicationFactoryClientOptions());
        client.DefaultRequestHeaders.Authorization = role is { } r ? new AuthenticationHeaderValue("Bearer", KeyFor(r)) : null;
        return client;
    }

    /// <summary>One key per role for this factory, made on first use.</summary>
    public string KeyFor(ApiRole role)
    {
        lock (_keys)
        {
            if (!_keys.TryGetValue(role, out var key))
            {
                key = CreateKeyAsync(role).GetAwaiter().GetResult();
                _keys[role] = key;
            }

            return key;
        }
    }

    /// <summary>A new key, as an admin would make it.</summary>
    public async Task<string> CreateKeyAsync(ApiRole role, string? name = null, bool embargoCleared = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        var (_, secret) = await ApiKeys.CreateAsync(db, name ?? $"test {role}", role, embargoCleared, Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        return secret;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_own.IsValueCreated)
        {
            _own.Value.Dispose();
        }
    }
}

/// <summary>A factory whose database starts with the sample newsroom (or has it already: a second start on a shared one).</summary>
public sealed class SampleContentFactory : ContentApiFactory
{
    protected override bool LoadSampleContent => true;
}
