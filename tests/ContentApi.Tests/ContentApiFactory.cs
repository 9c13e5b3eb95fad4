using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
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

    protected virtual bool LoadSampleContent => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Content", $"Data Source={DatabasePath}");
        builder.UseSetting("Seed:SampleContent", LoadSampleContent ? "true" : "false");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
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
