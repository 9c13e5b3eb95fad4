using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ContentApi.Persistence.Postgres;

/// <summary>
/// The same model on PostgreSQL. Its own type gives it its own migrations (Persistence/Postgres/Migrations), which EF
/// tells apart from SQLite's by the context they are made for. The service asks for ContentDb either way.
/// </summary>
public sealed class PostgresContentDb(DbContextOptions<PostgresContentDb> options) : ContentDb(options)
{
    /// <summary>
    /// For `dotnet ef migrations add NAME --context PostgresContentDb --output-dir Persistence/Postgres/Migrations --namespace ContentApi.Persistence.Postgres.Migrations`: making a
    /// migration connects to no server.
    /// </summary>
    public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PostgresContentDb>
    {
        public PostgresContentDb CreateDbContext(string[] args) =>
            new(new DbContextOptionsBuilder<PostgresContentDb>().UseNpgsql("Host=localhost;Database=contentapi").Options);
    }

    /// <summary>
    /// For `dotnet ef migrations add NAME --context ContentDb`: without it, EF's tools would take the factory above for
    /// ContentDb too (PostgresContentDb is one).
    /// </summary>
    public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<ContentDb>
    {
        public ContentDb CreateDbContext(string[] args) =>
            new(new DbContextOptionsBuilder<ContentDb>().UseSqlite(DataSetup.DefaultConnectionString).Options);
    }
}
