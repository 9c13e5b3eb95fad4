using System.CommandLine;
using System.Text.Json;
using ContentApi.Transfer;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ContentApi.Cli;

/// <summary>`import FILE [--from FORMAT]` and `export FILE`: how a newsroom moves in, and takes everything out again.</summary>
public static class TransferCommands
{
    /// <summary>The formats import reads, by the name --from takes.</summary>
    public static readonly string[] Formats = ["ndjson"];

    public static Command Import(Func<AppNeeds, Task<IHost>> app, TextWriter output, bool interactive)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to import" };
        file.AcceptExistingOnly();
        var from = new Option<string>("--from")
        {
            Description = "The file's format: ndjson is ContentApi's own (what export writes)",
            DefaultValueFactory = _ => "ndjson",
        };
        from.AcceptOnlyFromAmong(Formats);
        var command = new Command("import", "Import content: every line is checked first, and nothing is written unless all are valid; "
            + "records are matched by slug, so importing a file again changes nothing") { file, from };
        command.SetAction(async (parsed, ct) =>
        {
            var path = parsed.GetValue(file)!.FullName;
            await using var scope = (await app(AppNeeds.MigratedDatabase)).Services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<ContentImporter>();
            var started = TimeProvider.System.GetTimestamp();
            var (report, errors) = await ImportProgressDisplay.RunAsync(output, interactive,
                progress => importer.ImportAsync(() => File.OpenRead(path), author: null, ct, progress));
            if (report is null)
            {
                foreach (var (field, messages) in errors!)
                {
                    await output.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
                }

                await output.WriteLineAsync("Nothing was imported.");
                return ContentCommandLine.Failed;
            }

            await output.WriteLineAsync(
                $"Imported {report.Lines} lines in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s: {report.Created} created, {report.Updated} updated, {report.Unchanged} unchanged.");
            return ContentCommandLine.Done;
        });
        return command;
    }

    public static Command Export(Func<AppNeeds, Task<IHost>> app, TextWriter output)
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the NDJSON (replaced if it exists)" };
        var command = new Command("export", "Export every byline, tag, entity and article as NDJSON, the format import reads") { file };
        command.SetAction(async (parsed, ct) =>
        {
            var path = parsed.GetValue(file)!.FullName;
            await using var scope = (await app(AppNeeds.MigratedDatabase)).Services.CreateAsyncScope();
            var json = scope.ServiceProvider.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            await using (var stream = File.Create(path))
            {
                await ContentExporter.ExportAsync(scope.ServiceProvider.GetRequiredService<ContentDb>(), stream, json, ct);
            }

            await output.WriteLineAsync($"Exported to {path}.");
            return ContentCommandLine.Done;
        });
        return command;
    }
}
