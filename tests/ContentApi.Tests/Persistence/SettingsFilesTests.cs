using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Persistence;

/// <summary>
/// Settings files are read once: a file watcher on the content root would also be woken by every write to a database
/// kept under it (the default data/content.db).
/// </summary>
public sealed class SettingsFilesTests
{
    [Fact]
    public async Task SettingsFiles_AreNotWatched()
    {
        await using var api = new ContentApiFactory();
        var configuration = (IConfigurationRoot)api.Services.GetRequiredService<IConfiguration>();

        var files = configuration.Providers.OfType<JsonConfigurationProvider>().Select(p => p.Source).ToList();

        Assert.Contains(files, f => f.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.ReloadOnChange, $"{f.Path} is watched for changes"));
    }
}
