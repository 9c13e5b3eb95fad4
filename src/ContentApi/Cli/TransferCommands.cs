using System.CommandLine;
using System.Runtime;
using System.Text.Json;
using ContentApi.Transfer;
using ContentApi.Transfer.Sources;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ContentApi.Cli;

/// <summary>`import FILE [--from FORMAT]` and `export FILE`: how a newsroom moves in, and takes everything out again.</summary>
public static class TransferCommands
{
    /// <summary>The formats import reads, by the name --from takes.</summary>
    public static readonly string[] Formats = ["ndjson", "wordpress", "ghost"];

    public static Command Import(Func<AppNeeds, Task<IHost>> app, TextWriter output, bool interactive)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to import" };
        file.AcceptExistingOnly();
        var from = new Option<string>("--from")
        {
            Description = "The file's format: ndjson is ContentApi's own (what export writes), wordpress a WXR export (Tools > Export), ghost a Ghost JSON export",
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
            string? converted = null;
            if (parsed.GetValue(from) is "wordpress" or "ghost")
            {
                // Another system's export becomes NDJSON first; the import then checks and writes it like any other.
                converted = Path.GetTempFileName();
                SourceConversion conversion;
                await using (var input = File.OpenRead(path))
                await using (var ndjson = File.Create(converted))
                {
                    conversion = await SourceConverter.ConvertAsync(
                        parsed.GetValue(from) == "wordpress" ? SourceFormat.WordPress : SourceFormat.Ghost, input, ndjson, ct);
                }

                await output.WriteLineAsync(
                    $"Converted {conversion.Articles} articles, {conversion.Bylines} bylines, {conversion.Tags} tags; {conversion.UnmappedTotal} things could not be mapped.");
                foreach (var item in conversion.Unmapped)
                {
                    await output.WriteLineAsync($"  not mapped: {item}");
                }

                path = converted;
            }

            try
            {
                return await ImportAsync(importer, path, output, interactive, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A write that fails (a full disk, a lost connection) ends the command with a line that says why, not a stack trace.
                await output.WriteLineAsync($"The import stopped: {e.GetBaseException().Message} What it wrote before that stays written, a whole "
                    + "batch at a time; importing the same file again finds those records by slug and writes the rest.");
                return ContentCommandLine.Failed;
            }
            finally
            {
                if (converted is not null)
                {
                    File.Delete(converted);
                }
            }
        });
        return command;
    }

    private static async Task<int> ImportAsync(ContentImporter importer, string path, TextWriter output, bool interactive, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        var (report, errors) = await AsBatchAsync(() => ImportProgressDisplay.RunAsync(output, interactive,
            progress => importer.ImportAsync(() => File.OpenRead(path), author: null, ct, progress)));
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
    }

    /// <summary>
    /// Runs work with the garbage collector in batch mode: this process serves nothing meanwhile, so a collection may stop
    /// it for a moment rather than run beside it, and the garbage of a second, concurrent cycle is not kept (an import of
    /// 100,000 articles held about 100 MiB less).
    /// </summary>
    private static async Task<T> AsBatchAsync<T>(Func<Task<T>> work)
    {
        var latency = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        try
        {
            return await work();
        }
        finally
        {
            GCSettings.LatencyMode = latency;
        }
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
