using ContentApi.Articles;
using ContentApi.Data.Seed;
using ContentApi.Entities;
using ContentApi.Replicas;
using ContentApi.Syndication;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Data;

public sealed class SeedOptions
{
    /// <summary>Load the sample newsroom into an empty database at start-up.</summary>
    public bool SampleContent { get; set; } = true;
}

public static class DataSetup
{
    public const string DefaultConnectionString = "Data Source=data/content.db";

    public static IServiceCollection AddContentData(this IServiceCollection services)
    {
        services.AddOptions<SeedOptions>().BindConfiguration("Seed");
        services.AddOptions<SqliteOptions>().BindConfiguration("Sqlite");
        services.AddOptions<ContentApi.Backups.BackupOptions>().BindConfiguration("Backup");
        services.AddSingleton<SqliteTuning>();
        services.AddSingleton<ArticleCatalog>();
        services.AddSingleton<ArticleCatalogUpdates>();
        services.AddSingleton<EntityMatchers>();
        services.AddSingleton<ExtractionJobSignal>();
        services.AddSingleton<EntityWriteWatcher>();
        services.AddSingleton<ChangeLogWriter>();
        services.AddSingleton<CommittedWrites>();
        services.AddOptions<SyndicationOptions>().BindConfiguration("Syndication");
        services.AddSingleton<SyncTokens>();
        services.AddDbContext<ContentDb>((provider, options) => options
            // A list of ids goes to SQL as one JSON parameter: the SQL is then the same whatever the ids, and EF reuses
            // it, where a parameter per id made EF generate the SQL again for every request.
            .UseSqlite(ConnectionString(provider.GetRequiredService<IConfiguration>()), sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .AddInterceptors(
                provider.GetRequiredService<SqliteTuning>(), provider.GetRequiredService<ArticleCatalogUpdates>(),
                provider.GetRequiredService<EntityWriteWatcher>(), provider.GetRequiredService<ChangeLogWriter>(),
                provider.GetRequiredService<CommittedWrites>()),
            // The options hold only singletons: built once, not again for every request's context.
            optionsLifetime: ServiceLifetime.Singleton);
        // One line per SQL command is for debugging, not for running (or importing 100k articles).
        services.AddLogging(logging => logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning));
        return services;
    }

    /// <summary>Creates the database file's folder, applies migrations and loads the sample content if asked.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var dataSource = new SqliteConnectionStringBuilder(ConnectionString(app.Configuration)).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(dataSource)) is { Length: > 0 } folder && dataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        await db.Database.MigrateAsync();
        // Readers never wait for a writer, and a writer waits its turn instead of failing.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");

        if (app.Configuration.GetValue("Seed:SampleContent", defaultValue: true))
        {
            await SampleNewsroom.LoadAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), CancellationToken.None);
        }
    }

    /// <summary>
    /// Logs the reach changes that came due while the service was down (after an upgrade, every article's first
    /// entry), loads the sync token key and marks where the change log follower starts, before the catalog loads.
    /// </summary>
    public static async Task PrepareChangeLogAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        await ReachClock.CatchUpAsync(db, app.Services.GetRequiredService<TimeProvider>().UtcNow(), CancellationToken.None);
        await app.Services.GetRequiredService<SyncTokens>().LoadKeyAsync(db, CancellationToken.None);
        await app.Services.GetRequiredService<ChangeLogFollower>().StartFromNowAsync(db, CancellationToken.None);
    }

    /// <summary>Reads every article's facts into the in-memory catalog (see ArticleCatalog).</summary>
    public static async Task LoadArticleCatalogAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await app.Services.GetRequiredService<ArticleCatalog>().LoadAsync(scope.ServiceProvider.GetRequiredService<ContentDb>(), CancellationToken.None);
    }

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Content") ?? DefaultConnectionString;
}
