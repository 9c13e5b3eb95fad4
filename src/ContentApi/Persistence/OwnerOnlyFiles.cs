namespace ContentApi.Persistence;

/// <summary>
/// The SQLite database and its backups hold everything the service keeps: content, API key hashes, webhook secrets, the
/// sync token key, kept idempotent answers. They are made readable and writable by their owner only (mode 0600); SQLite
/// gives its -wal and -shm files the mode of the database file.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates an empty file with mode 0600, for SQLite to fill (it takes an empty file as a new database); false if one exists.</summary>
    public static bool TryCreateEmpty(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }

        try
        {
            using var created = new FileStream(path, options);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    /// <summary>Gives an existing file mode 0600 (a copy made by File.Copy has the source's mode).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, Mode);
        }
    }
}
