using System.Text;
using System.Text.Json.Nodes;
using ContentApi.Transfer;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Persistence.Seed;

/// <summary>
/// The sample newsroom of a fresh install (sample-newsroom.json, embedded), loaded through the
/// importer, so it follows every rule imports do. Loaded only into a database with no content at
/// all, so restarting never duplicates it nor brings back what an editor deleted.
/// </summary>
public static class SampleNewsroom
{
    private static readonly (string Array, string Record)[] Sections =
    [
        ("bylines", ContentRecords.Byline), ("tags", ContentRecords.Tag), ("entities", ContentRecords.Entity), ("articles", ContentRecords.Article),
    ];

    public static async Task<bool> LoadAsync(ContentDb db, ContentImporter importer, CancellationToken ct)
    {
        if (await db.Articles.AnyAsync(ct) || await db.Bylines.AnyAsync(ct) || await db.Tags.AnyAsync(ct) || await db.Entities.AnyAsync(ct))
        {
            return false;
        }

        var lines = await ToRecordsAsync(ct);
        var (_, errors) = await importer.ImportAsync(() => new MemoryStream(Encoding.UTF8.GetBytes(lines)), author: null, ct);
        return errors is null
            ? true
            : throw new InvalidOperationException($"The sample content is invalid: {string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}"))}");
    }

    /// <summary>The sample file's arrays as NDJSON records.</summary>
    private static async Task<string> ToRecordsAsync(CancellationToken ct)
    {
        await using var stream = typeof(SampleNewsroom).Assembly.GetManifestResourceStream("ContentApi.Persistence.Seed.sample-newsroom.json")
            ?? throw new InvalidOperationException("The sample content is not embedded in the assembly.");
        var sample = (await JsonNode.ParseAsync(stream, cancellationToken: ct))!.AsObject();
        var lines = new StringBuilder();
        foreach (var (array, record) in Sections)
        {
            foreach (var item in sample[array]!.AsArray().OfType<JsonObject>())
            {
                var line = new JsonObject { ["record"] = record };
                foreach (var (name, value) in item.ToList())
                {
                    line[name] = value?.DeepClone();
                }

                lines.AppendLine(line.ToJsonString());
            }
        }

        return lines.ToString();
    }
}
