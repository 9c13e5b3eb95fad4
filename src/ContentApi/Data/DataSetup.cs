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

public enum DatabaseProvider
{
    /// <summary>An embedded database file: nothing to install, one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, which several replicas of the service can share.</summary>
    Postgres,
}

public static class DataSetup
{
    public const string DefaultConnectionString = "Data Source=data/content.db";

    public static IServiceCollection AddContentData(this IServiceCollection services, IConfiguration configuration)
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
        var connectionString = ConnectionString(configuration);
        // The options hold only singletons: built once, not again for every request's context.
        if (ProviderOf(configuration) == DatabaseProvider.Postgres)
        {
            services.AddDbContext<ContentDb, PostgresContentDb>((provider, options) => AddInterceptors(provider, options
                // A list of ids goes to SQL as one array parameter, as on SQLite (see below).
                .UseNpgsql(connectionString, postgres => postgres.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))),
                optionsLifetime: ServiceLifetime.Singleton);
        }
        else
        {
            services.AddDbContext<ContentDb>((provider, options) => AddInterceptors(provider, options
                // A list of ids goes to SQL as one JSON parameter: the SQL is then the same whatever the ids, and EF reuses
                // it, where a parameter per id made EF generate the SQL again for every request.
                .UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                .AddInterceptors(provider.GetRequiredService<SqliteTuning>())),
                optionsLifetime: ServiceLifetime.Singleton);
        }

        // One line per SQL command is for debugging, not for running (or importing 100k articles).
        services.AddLogging(logging => logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning));
        return services;
    }

    private static DbContextOptionsBuilder AddInterceptors(IServiceProvider provider, DbContextOptionsBuilder options) =>
        options.AddInterceptors(
            provider.GetRequiredService<ArticleCatalogUpdates>(), provider.GetRequiredService<EntityWriteWatcher>(),
            provider.GetRequiredService<ChangeLogWriter>(), provider.GetRequiredService<CommittedWrites>());

    /// <summary>
    /// Applies migrations (creating the SQLite file's folder, or the PostgreSQL database when the server has none by
    /// that name) and loads the sample content if asked.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var sqlite = ProviderOf(app.Configuration) == DatabaseProvider.Sqlite;
        if (sqlite)
        {
            var connection = new SqliteConnectionStringBuilder(ConnectionString(app.Configuration));
            var dataSource = connection.DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(dataSource)) is { Length: > 0 } folder && dataSource != ":memory:"
                && connection.Mode != SqliteOpenMode.Memory && !dataSource.StartsWith("file:", StringComparison.Ordinal))
            {
                Directory.CreateDirectory(folder);
                // A new database is readable by its owner only (see OwnerOnlyFiles); an existing one keeps its mode.
                OwnerOnlyFiles.TryCreateEmpty(dataSource);
            }
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        await db.Database.MigrateAsync();
        if (sqlite)
        {
            // Readers never wait for a writer, and a writer waits its turn instead of failing.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

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
        await ReachClock.CatchUpAsync(db, app.Services.GetRequiredService<ChangeLogWriter>().Origin, app.Services.GetRequiredService<TimeProvider>().UtcNow(), CancellationToken.None);
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

    /// <summary>Database:Provider, Sqlite unless set.</summary>
    public static DatabaseProvider ProviderOf(IConfiguration configuration) =>
        configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);

    /// <summary>Whether this context talks to PostgreSQL (raw SQL differs by provider; LINQ does not).</summary>
    public static bool IsPostgres(this DbContext db) => db is PostgresContentDb;
}
