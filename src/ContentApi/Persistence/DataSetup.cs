using ContentApi.Changes;
using ContentApi.Persistence.Seed;
using ContentApi.Persistence;
using ContentApi.Persistence.Postgres;
using ContentApi.Persistence.Sqlite;
using ContentApi.ReadModel;
using ContentApi.Syndication;
using ContentApi.Transfer;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Persistence;

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
        services.AddSingleton<ContentWriteGuard>();
        services.AddSingleton<SyncTokens>();
        var connectionString = ConnectionString(configuration);
        // The options hold only singletons: built once, not again for every request's context.
        if (ProviderOf(configuration) == DatabaseProvider.Postgres)
        {
            services.AddDbContext<ContentDb, PostgresContentDb>((provider, options) => options
                // A list of ids goes to SQL as one array parameter, as on SQLite (see below).
                .UseNpgsql(connectionString, postgres => postgres.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                .AddInterceptors(provider.GetRequiredService<ContentWriteGuard>()),
                optionsLifetime: ServiceLifetime.Singleton);
            services.AddSingleton(_ => new PostgresReadConnections(connectionString));
            services.AddSingleton<IStoredPages, PostgresStoredPages>();
            services.AddSingleton<IFullTextSearch, PostgresFullTextSearch>();
        }
        else
        {
            services.AddDbContext<ContentDb>((provider, options) => options
                // A list of ids goes to SQL as one JSON parameter: the SQL is then the same whatever the ids, and EF reuses
                // it, where a parameter per id made EF generate the SQL again for every request.
                .UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                .AddInterceptors(provider.GetRequiredService<SqliteTuning>(), provider.GetRequiredService<ContentWriteGuard>()),
                optionsLifetime: ServiceLifetime.Singleton);
            services.AddSingleton(_ => new SqliteReadConnections(connectionString));
            services.AddSingleton<IStoredPages, SqliteStoredPages>();
            services.AddSingleton<IFullTextSearch, SqliteFullTextSearch>();
        }

        // One line per SQL command is for debugging, not for running (or importing 100k articles).
        services.AddLogging(logging => logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning));
        return services;
    }

    /// <summary>
    /// Applies migrations (creating the SQLite file's folder, or the PostgreSQL database when the server has none by
    /// that name) and loads the sample content if asked.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IHost app)
    {
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        var sqlite = ProviderOf(configuration) == DatabaseProvider.Sqlite;
        if (sqlite)
        {
            var connection = new SqliteConnectionStringBuilder(ConnectionString(configuration));
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
        if (sqlite)
        {
            // Readers never wait for a writer, and a writer waits its turn instead of failing. Before that, a new database
            // gets pages of 16 KB rather than 4: an article's stored document (some 18 KB) and its body's row take two pages
            // instead of five, and the 100k import spent 47.6 s in the kernel instead of 59.2 (189.9 s against 203.5 s).
            // Switching to the write-ahead log writes the file's header, which fixes the page size; on an existing
            // database the page size stays as it is.
            await db.Database.ExecuteSqlRawAsync("PRAGMA page_size=16384; PRAGMA journal_mode=WAL;");
        }

        await db.Database.MigrateAsync();

        // Documents an older renderer wrote (or none, after an upgrade) are rendered before anything reads them.
        await scope.ServiceProvider.GetRequiredService<ContentWriter>().RenderStaleAsync(db, CancellationToken.None);
        if (configuration.GetValue("Seed:SampleContent", defaultValue: true))
        {
            await SampleNewsroom.LoadAsync(db, scope.ServiceProvider.GetRequiredService<ContentImporter>(), CancellationToken.None);
        }
    }

    /// <summary>
    /// Before serving: logs the reach changes that came due while the service was down, loads the sync token key, and
    /// loads the read model (see ChangeFeedFollower.LoadAsync).
    /// </summary>
    public static async Task PrepareReadsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        await app.Services.GetRequiredService<ContentWriter>().LogReachChangesAsync(db, app.Services.GetRequiredService<TimeProvider>().UtcNow(), CancellationToken.None);
        await app.Services.GetRequiredService<SyncTokens>().LoadKeyAsync(db, CancellationToken.None);
        await app.Services.GetRequiredService<ChangeFeedFollower>().LoadAsync(db, CancellationToken.None);
    }

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Content") ?? DefaultConnectionString;

    /// <summary>Database:Provider, Sqlite unless set.</summary>
    public static DatabaseProvider ProviderOf(IConfiguration configuration) =>
        configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);

    /// <summary>Whether this context talks to PostgreSQL (raw SQL differs by provider; LINQ does not).</summary>
    public static bool IsPostgres(this DbContext db) => db is PostgresContentDb;
}
