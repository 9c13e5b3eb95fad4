using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Data.Common;

namespace ContentApi.Tests.Fuzzing;

/// <summary>
/// A fingerprint of everything stored, table by table, read from the service's database on a
/// connection of its own. Left out: the idempotency records (a refused write's answer is kept for its
/// retries, by design) and a key's last use (every authenticated request may touch it).
/// </summary>
public sealed class StoredContent : IDisposable
{
    private static readonly HashSet<string> SkippedTables = ["IdempotencyRecords", "__EFMigrationsHistory"];
    private static readonly HashSet<(string Table, string Column)> SkippedColumns = [("ApiKeys", "LastUsedAt")];

    private readonly DbConnection _connection;
    private readonly List<string> _tables;

    public StoredContent(TestDatabase database)
    {
        _connection = database.Connect();
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = TestDatabase.OnPostgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
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
            var rows = Rows(table);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var row in rows)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(row + "\u001E"));
            }

            snapshot[table] = $"{rows.Count} rows, {Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
        }

        return snapshot;
    }

    /// <summary>Every stored value as text, table after table.</summary>
    public string AllValues() => string.Join('\u001E', _tables.SelectMany(Rows));

    /// <summary>
    /// A table's rows as text, in a sorted order: PostgreSQL may return rows in another order after an update that
    /// changed nothing compared here.
    /// </summary>
    private List<string> Rows(string table)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Where(i => !SkippedColumns.Contains((table, reader.GetName(i)))).ToArray();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Concat(columns.Select(i => reader.GetValue(i) switch
            {
                byte[] bytes => Convert.ToBase64String(bytes),
                string[] items => string.Join('\u001D', items),
                DBNull => "\u0000null",
                var other => Convert.ToString(other, CultureInfo.InvariantCulture),
            } + "\u001F")));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>The tables whose rows differ between two snapshots.</summary>
    public static List<string> Changed(Dictionary<string, string> before, Dictionary<string, string> after) =>
        [.. before.Where(t => after.GetValueOrDefault(t.Key) != t.Value).Select(t => $"{t.Key} ({t.Value} -> {after.GetValueOrDefault(t.Key)})")];

    public void Dispose() => _connection.Dispose();
}
