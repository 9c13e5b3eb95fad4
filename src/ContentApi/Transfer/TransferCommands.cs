using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ContentApi.Transfer;

/// <summary>`import FILE` and `export FILE` on the command line: how a newsroom migrates in, and backs up.</summary>
public static class TransferCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        switch (args)
        {
            case ["import", var path] when File.Exists(path):
                var started = TimeProvider.System.GetTimestamp();
                var (report, errors) = await scope.ServiceProvider.GetRequiredService<ContentImporter>()
                    .ImportAsync(() => File.OpenRead(path), author: null, CancellationToken.None);
                if (report is null)
                {
                    foreach (var (field, messages) in errors!)
                    {
                        await output.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
                    }

                    await output.WriteLineAsync("Nothing was imported.");
                    return 1;
                }

                await output.WriteLineAsync(
                    $"Imported {report.Lines} lines in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s: {report.Created} created, {report.Updated} updated, {report.Unchanged} unchanged.");
                return 0;
            case ["export", var path]:
                var json = scope.ServiceProvider.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
                await using (var file = File.Create(path))
                {
                    await ContentExporter.ExportAsync(scope.ServiceProvider.GetRequiredService<ContentDb>(), file, json, CancellationToken.None);
                }

                await output.WriteLineAsync($"Exported to {Path.GetFullPath(path)}.");
                return 0;
            default:
                await output.WriteLineAsync("Usage: import FILE.ndjson | export FILE.ndjson");
                return 2;
        }
    }
}
