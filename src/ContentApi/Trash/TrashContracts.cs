using System.ComponentModel;
using ContentApi.Articles;
using ContentApi.Revisions;

namespace ContentApi.Trash;

/// <summary>Something deleted, restorable until it is purged.</summary>
public sealed record TrashItemResponse(
    [property: Description("Id of the trash item: restore or purge it by this id")] string Id,
    [property: Description("article, byline, tag or entity")] TrashKind Kind,
    [property: Description("The id it had, and gets back when restored")] string ResourceId,
    [property: Description("The slug it had")] string Slug,
    [property: Description("An article's headline, or a byline's, tag's or entity's name")] string Name,
    [property: Description("When it was deleted")] DateTime DeletedAt,
    [property: Description("The key that deleted it")] Author? DeletedBy,
    [property: Description("When it will be purged for good unless restored (deletedAt plus Trash:RetentionDays)")] DateTime PurgeAfter);

/// <summary>What a restore brought back.</summary>
public sealed record RestoredItem(
    [property: Description("article, byline, tag or entity")] TrashKind Kind,
    [property: Description("Its id, the same as before it was deleted")] string Id,
    [property: Description("Its slug, the same as before")] string Slug);

/// <summary>
/// An article in the trash: the request that writes it again (references by id, so renamed bylines or tags
/// still match), the times and version it had, its former slugs and its revisions (corrections included).
/// </summary>
public sealed record TrashedArticle(
    ArticleRequest Article, DateTime CreatedAt, DateTime UpdatedAt, int Version, IReadOnlyList<string> FormerSlugs, IReadOnlyList<ArticleRevision> Revisions);

/// <summary>A byline, tag or entity in the trash: its request, and the times and version it had.</summary>
public sealed record TrashedReference<TRequest>(TRequest Resource, DateTime CreatedAt, DateTime UpdatedAt, int Version);
