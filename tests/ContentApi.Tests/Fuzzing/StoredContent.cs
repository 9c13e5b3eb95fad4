using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace ContentApi.Tests.Fuzzing;

/// <summary>
/// A fingerprint of everything stored, table by table, read from the service's SQLite file on a
/// connection of its own. Left out: the idempotency records (a refused write's answer is kept for its
/// retries, by design) and a key's last use (every authenticated request may touch it).
/// </summary>
public sealed class StoredContent : IDisposable
{
    private static readonly HashSet<string> SkippedTables = ["IdempotencyRecords", "__EFMigrationsHistory"];
    private static readonly HashSet<(string Table, string Column)> SkippedColumns = [("ApiKeys", "LastUsedAt")];

    private readonly SqliteConnection _connection;
    private readonly List<string> _tables;

    public StoredContent(string databasePath)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using var reader = command.ExecuteReader();
        _tables = [];
        while (reader.Read())
        {
            if (!SkippedTables.Contains(reader.GetString(0)))
            {
                _tables.Add(reader.GetString(0));
            }
        }
    }

    /// <summary>A hash of each table's rows, by table name.</summary>
    public Dictionary<string, string> Snapshot()
    {
        var snapshot = new Dictionary<string, string>(_tables.Count);
        foreach (var table in _tables)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Where(i => !SkippedColumns.Contains((table, reader.GetName(i)))).ToArray();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var rows = 0;
            while (reader.Read())
            {
                rows++;
                foreach (var i in columns)
                {
                    var value = reader.GetValue(i) switch
                    {
                        byte[] bytes => Convert.ToBase64String(bytes),
                        DBNull => "\u0000null",
                        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
                    };
                    hash.AppendData(Encoding.UTF8.GetBytes($"{value}\u001F"));
                }

                hash.AppendData("\u001E"u8);
            }

            snapshot[table] = $"{rows} rows, {Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
        }

        return snapshot;
    }

    /// <summary>The tables whose rows differ between two snapshots.</summary>
    public static List<string> Changed(Dictionary<string, string> before, Dictionary<string, string> after) =>
        [.. before.Where(t => after.GetValueOrDefault(t.Key) != t.Value).Select(t => $"{t.Key} ({t.Value} -> {after.GetValueOrDefault(t.Key)})")];

    public void Dispose() => _connection.Dispose();
}
