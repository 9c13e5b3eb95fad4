using System.Net.Http.Headers;
using ContentApi.Access;
using ContentApi.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ContentApi.Tests;

/// <summary>
/// The service over real HTTP against its own SQLite file, migrated at start-up, with a clock the
/// tests move. One per test class; tests create their own rows with unique slugs.
/// </summary>
public class ContentApiFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "contentapi-tests", Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public string DatabasePath => Path.Combine(_folder, "content.db");

    private readonly Dictionary<ApiRole, string> _keys = [];

    protected virtual bool LoadSampleContent => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Content", $"Data Source={DatabasePath}");
        builder.UseSetting("Seed:SampleContent", LoadSampleContent ? "true" : "false");
        builder.UseSetting("Backup:Folder", Path.Combine(_folder, "backups"));
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
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platforms; the OS temp folder is cleaned eventually.
        }
    }
}

/// <summary>A factory whose database starts with the sample newsroom.</summary>
public sealed class SampleContentFactory : ContentApiFactory
{
    protected override bool LoadSampleContent => true;
}
