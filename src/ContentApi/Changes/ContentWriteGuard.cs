using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContentApi.Changes;

/// <summary>
/// Refuses a save of articles, their links, bylines, tags or entities that does not go through <see cref="ContentWriter"/>:
/// such a save would skip the search index, the documents, the change log and the read model. It only checks; it writes
/// nothing and changes nothing.
/// </summary>
public sealed class ContentWriteGuard : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? db)
    {
        if (db is null || ContentWriter.IsWriting)
        {
            return;
        }

        if (db.ChangeTracker.Entries().FirstOrDefault(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && IsContent(e.Entity)) is { } entry)
        {
            throw new InvalidOperationException(
                $"A {entry.Entity.GetType().Name} was saved outside ContentWriter.SaveAsync: content is written only through the writer.");
        }
    }

    private static bool IsContent(object entity) =>
        entity is Article or ArticleBody or ArticleByline or ArticleTag or ArticleEntity or ArticlePin or ArticleEntityRejection or ArticleSlugAlias
            or Tag or Byline or NamedEntity or ArticleDocumentRow;
}
