using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Tags;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Transfer;

/// <summary>Writes all content as NDJSON (see ContentRecords): what ContentImporter reads back.</summary>
public static class ContentExporter
{
    private const int BatchSize = 500;

    public static async Task ExportAsync(ContentDb db, Stream output, JsonSerializerOptions json, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await WriteAllAsync(writer, ContentRecords.Byline, db.Bylines.AsNoTracking(), b => b.Adapt<BylineRequest>(), json, ct);
        await WriteAllAsync(writer, ContentRecords.Tag, db.Tags.AsNoTracking(), t => t.Adapt<TagRequest>(), json, ct);
        await WriteAllAsync(writer, ContentRecords.Entity, db.Entities.AsNoTracking(), e => e.Adapt<EntityRequest>(), json, ct);
        var articles = db.Articles.AsNoTracking()
            .Include(a => a.Bylines.OrderBy(b => b.Position)).ThenInclude(b => b.Byline)
            .Include(a => a.Tags.OrderBy(t => t.Position)).ThenInclude(t => t.Tag)
            .Include(a => a.Entities.OrderBy(e => e.Position)).ThenInclude(e => e.Entity)
            .Include(a => a.Pins.OrderBy(p => p.Position)).ThenInclude(p => p.PinnedArticle)
            .Include(a => a.EntityRejections.OrderBy(r => r.EntityId)).ThenInclude(r => r.Entity)
            .AsSplitQuery();
        await WriteAllAsync(writer, ContentRecords.Article, articles, ToRecord, json, ct);
    }

    private static async Task WriteAllAsync<TEntity>(
        StreamWriter writer, string kind, IQueryable<TEntity> rows, Func<TEntity, object> toRecord, JsonSerializerOptions json, CancellationToken ct)
        where TEntity : class, ISlugged
    {
        var after = 0;
        while (true)
        {
            var batch = await rows.Where(r => r.Id > after).OrderBy(r => r.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var row in batch)
            {
                var line = new JsonObject { ["record"] = kind };
                foreach (var (name, value) in JsonSerializer.SerializeToNode(toRecord(row), toRecord(row).GetType(), json)!.AsObject().ToList())
                {
                    line[name] = value?.DeepClone();
                }

                await writer.WriteLineAsync(line.ToJsonString(json));
            }

            if (batch.Count < BatchSize)
            {
                return;
            }

            after = batch[^1].Id;
            await writer.FlushAsync(ct);
        }
    }

    private static ArticleRecord ToRecord(Article a) => new(
        a.Slug, a.Headline, a.Standfirst, a.Body.Markdown, a.Section, a.Status, a.PublishedAt, a.Language, a.CanonicalUrl,
        a.FeaturedImage?.Adapt<FeaturedImageDto>(), a.Syndication.Adapt<SyndicationDto>(),
        [.. a.Bylines.Select(b => new ArticleRecordByline(b.Byline.Slug, b.Role))],
        [.. a.Tags.Select(t => t.Tag.Slug)],
        [.. a.Entities.Where(e => e.Origin == EntityOrigin.Editor).Select(e => e.Entity.Slug)],
        [.. a.Pins.Select(p => p.PinnedArticle.Slug)],
        [.. a.EntityRejections.Select(r => r.Entity.Slug)],
        a.EmbargoUntil);
}
