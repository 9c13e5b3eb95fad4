using System.Net;
using System.Net.Http.Json;
using ContentApi.Backups;
using ContentApi.Persistence;
using ContentApi.Tests.Access;

namespace ContentApi.Tests.Backups;

/// <summary>A backup taken while the service serves restores to the same content; a damaged backup is refused.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "contentapi-tests", Guid.NewGuid().ToString("N"));

    public BackupTests() => Directory.CreateDirectory(_folder);

    [SqliteFact]
    public async Task ABackupOverHttp_RestoresToTheSameContent_AsOfWhenItWasTaken()
    {
        var backups = Path.Combine(_folder, "backups");
        string exported;
        BackupFile backup;
        await using (var api = new ConfiguredApiFactory(("ConnectionStrings:Content", $"Data Source={Path.Combine(_folder, "live.db")}"), ("Backup:Folder", backups)))
        {
            var editor = api.CreateClient();
            await editor.CreateArticleAsync();
            await editor.CreateArticleAsync();
            exported = await editor.GetStringAsync("/v1/export");
            using var admin = api.CreateClientFor(ApiRole.Admin);
            using var response = await admin.PostAsync("/v1/backups", null);
            await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
            backup = await response.ReadAsync<BackupFile>();
            await editor.CreateArticleAsync();
            var listed = await admin.GetFromJsonAsync<BackupList>("/v1/backups", TestData.Json);
            Assert.Equal([backup.Name], listed!.Items.Select(b => b.Name));
        }

        var restored = Path.Combine(_folder, "restored.db");
        await ContentApi.Backups.Backups.RestoreAsync(Path.Combine(backups, backup.Name), restored, CancellationToken.None);
        await using var again = new ConfiguredApiFactory(("ConnectionStrings:Content", $"Data Source={restored}"));

        Assert.Equal("ok", backup.Integrity);
        Assert.Equal(exported, await again.CreateClient().GetStringAsync("/v1/export"));
    }

    [PostgresFact]
    public async Task OnPostgres_ABackupRequest_IsAConflict_ThatNamesTheServersTools()
    {
        await using var api = new ConfiguredApiFactory(("Backup:Folder", Path.Combine(_folder, "backups")));
        using var admin = api.CreateClientFor(ApiRole.Admin);

        using var response = await admin.PostAsync("/v1/backups", null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("pg_dump", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "backups")));
    }

    [SqliteFact]
    public async Task TheDatabase_ItsLog_ABackup_AndARestoredDatabase_AreReadableByTheirOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var live = Path.Combine(_folder, "live.db");
        var backups = Path.Combine(_folder, "backups");
        BackupFile backup;
        await using (var api = new ConfiguredApiFactory(("ConnectionStrings:Content", $"Data Source={live}"), ("Backup:Folder", backups)))
        {
            await api.CreateClient().CreateArticleAsync();
            using var admin = api.CreateClientFor(ApiRole.Admin);
            using var response = await admin.PostAsync("/v1/backups", null);
            await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
            backup = await response.ReadAsync<BackupFile>();

            Assert.Equal(OwnerOnlyFiles.Mode, File.GetUnixFileMode(live));
            Assert.Equal(OwnerOnlyFiles.Mode, File.GetUnixFileMode(live + "-wal"));
            Assert.Equal(OwnerOnlyFiles.Mode, File.GetUnixFileMode(Path.Combine(backups, backup.Name)));
        }

        var restored = Path.Combine(_folder, "restored.db");
        await ContentApi.Backups.Backups.RestoreAsync(Path.Combine(backups, backup.Name), restored, CancellationToken.None);
        Assert.Equal(OwnerOnlyFiles.Mode, File.GetUnixFileMode(restored));
    }

    [SqliteFact]
    public async Task TwoBackupsInOneSecond_GetTwoFiles()
    {
        await using var api = new ConfiguredApiFactory(("Backup:Folder", Path.Combine(_folder, "backups")));
        using var admin = api.CreateClientFor(ApiRole.Admin);

        using var first = await admin.PostAsync("/v1/backups", null);
        using var second = await admin.PostAsync("/v1/backups", null);

        await first.ShouldHaveStatusAsync(HttpStatusCode.Created);
        await second.ShouldHaveStatusAsync(HttpStatusCode.Created);
        Assert.NotEqual((await first.ReadAsync<BackupFile>()).Name, (await second.ReadAsync<BackupFile>()).Name);
    }

    [SqliteFact]
    public async Task ADamagedBackup_IsRefused_AndTheDatabaseIsLeftAlone()
    {
        var damaged = Path.Combine(_folder, "damaged.db");
        var target = Path.Combine(_folder, "target.db");
        await File.WriteAllTextAsync(damaged, "not a database");
        await File.WriteAllTextAsync(target, "the current database");

        await Assert.ThrowsAsync<InvalidDataException>(() => ContentApi.Backups.Backups.RestoreAsync(damaged, target, CancellationToken.None));

        Assert.Equal("the current database", await File.ReadAllTextAsync(target));
    }

    [SqliteFact]
    public async Task OnlyAdmins_TakeBackups()
    {
        await using var api = new ConfiguredApiFactory(("Backup:Folder", Path.Combine(_folder, "backups")));
        using var editor = api.CreateClientFor(ApiRole.Editor);

        using var response = await editor.PostAsync("/v1/backups", null);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.False(Directory.Exists(Path.Combine(_folder, "backups")) && Directory.EnumerateFiles(Path.Combine(_folder, "backups")).Any());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS eventually.
        }
    }
}
