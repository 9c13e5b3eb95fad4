using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Backups;

public sealed class BackupOptions
{
    /// <summary>Where backups made over HTTP (and by `backup` with no file named) are written.</summary>
    public string Folder { get; set; } = "data/backups";
}

/// <summary>What a backup made: the file, its size, and SQLite's integrity check of the copy.</summary>
public sealed record BackupFile(
    [property: System.ComponentModel.Description("File name in Backup:Folder")] string Name,
    [property: System.ComponentModel.Description("Size in bytes")] long Bytes,
    [property: System.ComponentModel.Description("When it was taken")] DateTime CreatedAt,
    [property: System.ComponentModel.Description("SQLite's integrity check of the copy: ok, or what is wrong")] string Integrity);

/// <summary>
/// Online backups and restores of the SQLite database. A backup is VACUUM INTO: one read transaction copies a
/// consistent snapshot into a new, compact file while the service keeps serving reads and writes (WAL readers
/// do not block writers). A restore checks the backup, then replaces the database file and drops the old
/// write-ahead log, which belongs to the replaced file; it is for a stopped service.
/// </summary>
public static class Backups
{
    public const string OnPostgres =
        "This service keeps its content in PostgreSQL, which backs up with its own tools: pg_dump for a logical copy, " +
        "or base backups with WAL archiving for point-in-time recovery. The README's Running in production section shows both.";

    public static async Task<BackupFile> CreateAsync(ContentDb db, string path, DateTime now, CancellationToken ct)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new IOException($"{full} already exists; a backup never overwrites a file.");
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        // VACUUM INTO fills an empty file as it finds it: made first, it is readable by its owner only (see OwnerOnlyFiles).
        if (!OwnerOnlyFiles.TryCreateEmpty(full))
        {
            throw new IOException($"{full} already exists; a backup never overwrites a file.");
        }

        await db.Database.ExecuteSqlAsync($"VACUUM INTO {full}", ct);
        return new BackupFile(System.IO.Path.GetFileName(full), new FileInfo(full).Length, now, await IntegrityAsync(full, ct));
    }

    /// <summary>
    /// Where a backup taken now goes: content-20261127T045500Z.db in the folder, or content-20261127T045500Z-2.db
    /// and so on when one was already taken that second.
    /// </summary>
    public static string FreePath(string folder, DateTime now)
    {
        var stem = $"content-{now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        var path = System.IO.Path.Combine(folder, stem + ".db");
        for (var n = 2; File.Exists(path); n++)
        {
            path = System.IO.Path.Combine(folder, $"{stem}-{n}.db");
        }

        return path;
    }

    /// <summary>Replaces the database at <paramref name="databasePath"/> with the backup, after checking the backup is whole.</summary>
    public static async Task RestoreAsync(string backupPath, string databasePath, CancellationToken ct)
    {
        var integrity = await IntegrityAsync(backupPath, ct);
        if (integrity != "ok")
        {
            throw new InvalidDataException($"{backupPath} fails SQLite's integrity check ({integrity}); nothing was restored.");
        }

        var target = System.IO.Path.GetFullPath(databasePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var incoming = target + ".restoring";
        File.Copy(backupPath, incoming, overwrite: true);
        OwnerOnlyFiles.Restrict(incoming);
        SqliteConnection.ClearAllPools();
        // The log and shared-memory files of the replaced database would be replayed into the restored one.
        File.Delete(target + "-wal");
        File.Delete(target + "-shm");
        File.Move(incoming, target, overwrite: true);
    }

    /// <summary>"ok", or what SQLite's integrity check found wrong (or why the file could not be read).</summary>
    public static async Task<string> IntegrityAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return $"{path} does not exist";
        }

        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            return (string)(await command.ExecuteScalarAsync(ct))!;
        }
        catch (SqliteException e)
        {
            return e.Message;
        }
    }
}
