using ContentApi.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Data;

/// <summary>Every connection the service uses has its SQLite settings, also when the pool hands it out again.</summary>
public sealed class SqliteTuningTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [SqliteFact]
    public async Task Connections_HaveSynchronousNormal_AndMemoryMapping_EachTimeTheyAreOpened()
    {
        for (var use = 0; use < 3; use++)
        {
            await using var scope = api.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
            await db.Database.OpenConnectionAsync();

            Assert.Equal(2L, await PragmaAsync(db, "synchronous")); // FULL
            Assert.True(await PragmaAsync(db, "mmap_size") > 0, "Memory-mapped I/O is off.");
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> PragmaAsync(ContentDb db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
