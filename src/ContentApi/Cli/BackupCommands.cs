using System.CommandLine;
using ContentApi.Backups;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ContentApi.Cli;

/// <summary>
/// `backup [FILE]`: a consistent copy of the database, safe while the service runs (default: a timestamped file in
/// Backup:Folder). `restore FILE`: replaces the database with a backup, after checking it; stop the service first.
/// Both open the database file as it is: restore replaces it before anything opens it.
/// </summary>
public static class BackupCommands
{
    public static Command Backup(Func<AppNeeds, Task<IHost>> app, TextWriter output)
    {
        var file = new Argument<string?>("file") { Description = "Where to write the backup (default: a timestamped file in Backup:Folder)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("backup", "Copy the SQLite database consistently, safe while the service runs") { file };
        command.SetAction(async (parsed, ct) =>
        {
            var services = (await app(AppNeeds.UnmigratedDatabase)).Services;
            if (await RefusedOnPostgresAsync(services, output))
            {
                return ContentCommandLine.Failed;
            }

            var now = services.GetRequiredService<TimeProvider>().UtcNow();
            await using var scope = services.CreateAsyncScope();
            var path = parsed.GetValue(file) ?? Backups.Backups.FreePath(services.GetRequiredService<IOptions<BackupOptions>>().Value.Folder, now);
            var backup = await Backups.Backups.CreateAsync(scope.ServiceProvider.GetRequiredService<ContentDb>(), path, now, ct);
            await output.WriteLineAsync($"Backed up to {Path.GetFullPath(path)} ({backup.Bytes} bytes, integrity {backup.Integrity}).");
            return backup.Integrity == "ok" ? ContentCommandLine.Done : ContentCommandLine.Failed;
        });
        return command;
    }

    public static Command Restore(Func<AppNeeds, Task<IHost>> app, TextWriter output)
    {
        var file = new Argument<string>("file") { Description = "The backup to restore" };
        var command = new Command("restore", "Replace the SQLite database with a backup, after checking it (stop the service first)") { file };
        command.SetAction(async (parsed, ct) =>
        {
            var services = (await app(AppNeeds.UnmigratedDatabase)).Services;
            if (await RefusedOnPostgresAsync(services, output))
            {
                return ContentCommandLine.Failed;
            }

            var backup = parsed.GetValue(file)!;
            var database = new SqliteConnectionStringBuilder(DataSetup.ConnectionString(services.GetRequiredService<IConfiguration>())).DataSource;
            try
            {
                await Backups.Backups.RestoreAsync(backup, database, ct);
            }
            catch (InvalidDataException e)
            {
                await output.WriteLineAsync(e.Message);
                return ContentCommandLine.Failed;
            }

            await output.WriteLineAsync($"Restored {Path.GetFullPath(database)} from {Path.GetFullPath(backup)}. Start the service to use it.");
            return ContentCommandLine.Done;
        });
        return command;
    }

    private static async Task<bool> RefusedOnPostgresAsync(IServiceProvider services, TextWriter output)
    {
        if (DataSetup.ProviderOf(services.GetRequiredService<IConfiguration>()) != DatabaseProvider.Postgres)
        {
            return false;
        }

        await output.WriteLineAsync(Backups.Backups.OnPostgres);
        return true;
    }
}
