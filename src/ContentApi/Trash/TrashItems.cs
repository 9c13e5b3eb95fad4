using System.Globalization;
using System.Text.Json;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Revisions;
using ContentApi.Tags;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Trash;

/// <summary>Making trash items, and restoring bylines, tags and entities from them.</summary>
public static class TrashItems
{
    public static TrashItem Create(TrashKind kind, int id, string slug, string name, object snapshot, Author? by, DateTime now) => new()
    {
        Kind = kind,
        ResourceId = id,
        Slug = slug,
        Name = name,
        DeletedAt = now,
        DeletedByKeyId = by?.KeyIdNumber(),
        DeletedByName = by?.Name,
        Snapshot = JsonSerializer.Serialize(snapshot, snapshot.GetType(), ArticleRevisions.Json),
    };

    /// <summary>The trash item for a byline, tag or entity being deleted (see ReferenceResourceHandlers.Delete).</summary>
    public static TrashItem ForReference<TEntity, TRequest>(TEntity entity, Author? by, DateTime now)
        where TEntity : class, IReferenceResource =>
        Create(KindOf<TEntity>(), entity.Id, entity.Slug, entity.Name,
            new TrashedReference<TRequest>(entity.Adapt<TRequest>(), entity.CreatedAt, entity.UpdatedAt, entity.Version), by, now);

    /// <summary>Tracks a byline, tag or entity written again with its id; an entity queues the extraction that finds it in articles again.</summary>
    public static async Task<ProblemHttpResult?> RestoreReferenceAsync(ContentDb db, TrashItem item, DateTime now, CancellationToken ct) => item.Kind switch
    {
        TrashKind.Byline => await RestoreAsync<Byline, BylineRequest>(db.Bylines, item, _ => { }, ct),
        TrashKind.Tag => await RestoreAsync<Tag, TagRequest>(db.Tags, item, _ => { }, ct),
        _ => await RestoreAsync<NamedEntity, EntityRequest>(db.Entities, item, entity => ExtractionJobs.QueueFor(db, entity, now), ct),
    };

    public static ProblemHttpResult SlugTaken(TrashKind kind, string slug) => TypedResults.Problem(
        title: "Slug taken since the delete",
        detail: $"The deleted {Noun(kind)} '{slug}' cannot be restored: another {Noun(kind)} has taken the slug '{slug}' since. "
            + $"Give that {Noun(kind)} another slug, then restore this one again.",
        statusCode: StatusCodes.Status409Conflict);

    /// <summary>Where the restored resource lives.</summary>
    public static string PathOf(TrashKind kind, int id) => kind switch
    {
        TrashKind.Article => "/v1/articles/",
        TrashKind.Byline => "/v1/bylines/",
        TrashKind.Tag => "/v1/tags/",
        _ => "/v1/entities/",
    } + id.ToString(CultureInfo.InvariantCulture);

    public static string Noun(TrashKind kind) => kind.ToString().ToLowerInvariant();

    private static async Task<ProblemHttpResult?> RestoreAsync<TEntity, TRequest>(
        DbSet<TEntity> table, TrashItem item, Action<TEntity> restored, CancellationToken ct)
        where TEntity : class, IReferenceResource, new()
    {
        if (await table.AnyAsync(e => e.Slug == item.Slug, ct))
        {
            return SlugTaken(item.Kind, item.Slug);
        }

        var trashed = JsonSerializer.Deserialize<TrashedReference<TRequest>>(item.Snapshot, ArticleRevisions.Json)!;
        var entity = new TEntity();
        trashed.Resource.Adapt(entity);
        table.Entry(entity).Property<int>(nameof(ISlugged.Id)).CurrentValue = item.ResourceId;
        entity.Slug = item.Slug;
        (entity.CreatedAt, entity.UpdatedAt, entity.Version) = (trashed.CreatedAt, trashed.UpdatedAt, trashed.Version + 1);
        table.Add(entity);
        restored(entity);
        return null;
    }

    private static TrashKind KindOf<TEntity>() => typeof(TEntity) == typeof(Byline) ? TrashKind.Byline
        : typeof(TEntity) == typeof(Tag) ? TrashKind.Tag
        : TrashKind.Entity;
}
