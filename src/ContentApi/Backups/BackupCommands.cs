using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ContentApi.Backups;

/// <summary>
/// `backup [FILE]`: a consistent copy of the database, safe while the service runs (default: a timestamped file in
/// Backup:Folder). `restore FILE`: replaces the database with a backup, after checking it; stop the service first.
/// </summary>
public static class BackupCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, IConfiguration configuration, string[] args, TextWriter output)
    {
        var now = services.GetRequiredService<TimeProvider>().UtcNow();
        if (DataSetup.ProviderOf(configuration) == DatabaseProvider.Postgres)
        {
            await output.WriteLineAsync(Backups.OnPostgres);
            return 2;
        }

        switch (args)
        {
            case ["backup", .. var rest] when rest.Length <= 1:
                await using (var scope = services.CreateAsyncScope())
                {
                    var path = rest.Length == 1 ? rest[0] : Backups.FreePath(services.GetRequiredService<IOptions<BackupOptions>>().Value.Folder, now);
                    var backup = await Backups.CreateAsync(scope.ServiceProvider.GetRequiredService<ContentDb>(), path, now, CancellationToken.None);
                    await output.WriteLineAsync($"Backed up to {Path.GetFullPath(path)} ({backup.Bytes} bytes, integrity {backup.Integrity}).");
                    return backup.Integrity == "ok" ? 0 : 1;
                }

            case ["restore", var file]:
                var database = new SqliteConnectionStringBuilder(DataSetup.ConnectionString(configuration)).DataSource;
                try
                {
                    await Backups.RestoreAsync(file, database, CancellationToken.None);
                }
                catch (InvalidDataException e)
                {
                    await output.WriteLineAsync(e.Message);
                    return 1;
                }

                await output.WriteLineAsync($"Restored {Path.GetFullPath(database)} from {Path.GetFullPath(file)}. Start the service to use it.");
                return 0;
            default:
                await output.WriteLineAsync("Usage: backup [FILE] | restore FILE (with the service stopped)");
                return 2;
        }
    }
}
