using ContentApi.Persistence.Postgres;
using System.Data.Common;
using ContentApi.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ContentApi.Tests;

/// <summary>
/// The database one test service (or several, as replicas) runs on: a SQLite file in its own temporary folder or,
/// when CONTENTAPI_TEST_PROVIDER is Postgres (see .ci/with-postgres), a database of its own on the PostgreSQL server
/// named by POSTGRES_CONNECTION_STRING, copied from a template migrated once per test run. Dropped when disposed.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public static DatabaseProvider Provider { get; } =
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("CONTENTAPI_TEST_PROVIDER"), ignoreCase: true, out var provider)
            ? provider : DatabaseProvider.Sqlite;

    public static bool OnPostgres => Provider == DatabaseProvider.Postgres;

    private const string Template = "contentapi_test_template";
    private static readonly Lazy<string> PostgresServer = new(MigrateTemplate);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "contentapi-tests", Guid.NewGuid().ToString("N"));
    private readonly string? _postgresName;

    public TestDatabase()
    {
        if (OnPostgres)
        {
            _postgresName = $"test_{Guid.NewGuid():N}";
            RunOnServer($"CREATE DATABASE \"{_postgresName}\" TEMPLATE {Template}");
            ConnectionString = new NpgsqlConnectionStringBuilder(PostgresServer.Value) { Database = _postgresName }.ToString();
        }
        else
        {
            Directory.CreateDirectory(_folder);
            ConnectionString = $"Data Source={SqlitePath}";
        }
    }

    public string ConnectionString { get; }

    /// <summary>The SQLite file (a test of what only SQLite has, such as its backups, may use the folder it is in).</summary>
    public string SqlitePath => Path.Combine(_folder, "content.db");

    public string Folder => _folder;

    /// <summary>Points a service at this database.</summary>
    public void ApplyTo(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Content", ConnectionString);
    }

    /// <summary>A connection of its own, behind the service's back (quote names: "Articles", so both databases read them).</summary>
    public DbConnection Connect() => OnPostgres
        ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString())
        : new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());

    /// <summary>Runs a statement behind the service's back; returns the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        if (_postgresName is not null)
        {
            using (var connection = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            RunOnServer($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)");
            return;
        }

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

    /// <summary>Creates the template database again and applies every migration to it; returns the server's connection string.</summary>
    private static string MigrateTemplate()
    {
        var server = Environment.GetEnvironmentVariable("POSTGRES_CONNECTION_STRING")
            ?? throw new InvalidOperationException("CONTENTAPI_TEST_PROVIDER=Postgres needs POSTGRES_CONNECTION_STRING (see .ci/with-postgres).");
        RunOnServer($"DROP DATABASE IF EXISTS {Template} WITH (FORCE)", server);
        RunOnServer($"CREATE DATABASE {Template}", server);
        var template = new NpgsqlConnectionStringBuilder(server) { Database = Template, Pooling = false }.ToString();
        using var db = new PostgresContentDb(new DbContextOptionsBuilder<PostgresContentDb>().UseNpgsql(template).Options);
        db.Database.Migrate();
        return server;
    }

    private static void RunOnServer(string sql, string? server = null)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server ?? PostgresServer.Value) { Database = "postgres", Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>A test of what only SQLite has (its files, pragmas, FTS5 and query planner): skipped on PostgreSQL.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.OnPostgres)
        {
            Skip = "SQLite only: this suite runs on PostgreSQL.";
        }
    }
}

/// <summary>The theory form of <see cref="SqliteFactAttribute"/>.</summary>
public sealed class SqliteTheoryAttribute : TheoryAttribute
{
    public SqliteTheoryAttribute()
    {
        if (TestDatabase.OnPostgres)
        {
            Skip = "SQLite only: this suite runs on PostgreSQL.";
        }
    }
}

/// <summary>A test of what only PostgreSQL does: skipped on SQLite.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.OnPostgres)
        {
            Skip = "PostgreSQL only: run the suite with bash .ci/with-postgres dotnet test.";
        }
    }
}
