using Npgsql;

namespace ContentApi.Persistence.Postgres;

/// <summary>The data source of the hot read paths (stored pages, full-text search), with Npgsql's pool and its automatic statement preparation.</summary>
public sealed class PostgresReadConnections(string connectionString) : IDisposable
{
    public NpgsqlDataSource Source { get; } = new NpgsqlDataSourceBuilder(
        new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 16, AutoPrepareMinUsages = 2 }.ToString()).Build();

    public void Dispose() => Source.Dispose();
}
