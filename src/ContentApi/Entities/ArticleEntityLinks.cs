namespace ContentApi.Entities;

/// <summary>
/// Keeps an article's entity links in step with the editor's picks, the editor's rejections and the
/// entities found in its text.
/// </summary>
/// <remarks>
/// Editor picks come first, in the editor's order, with Origin Editor and the mentions counted in the
/// text. A pick the text never names gets the highest salience found in the article (1 when the text
/// names no known entity): the editor says the article is about it, so it never ranks below what the
/// text alone suggests. Then every other entity found, most salient first (then by id), with Origin
/// Extracted, except the rejected ones.
/// </remarks>
public static class ArticleEntityLinks
{
    /// <summary>Salience of an editor pick when the text names no known entity at all.</summary>
    public const double UnmentionedPickSalience = 1;

    /// <summary>Makes <paramref name="links"/> the editor's picks then the extracted entities; true when anything changed.</summary>
    public static bool Apply(List<ArticleEntity> links, IReadOnlyList<int> editorPicks, IReadOnlySet<int> rejected, ArticleMentions found)
    {
        var byEntity = found.Entities.ToDictionary(m => m.EntityId);
        var unmentionedSalience = found.Entities.Count == 0 ? UnmentionedPickSalience : found.Entities.Max(m => m.Salience);
        var wanted = new List<(int EntityId, EntityOrigin Origin, int Mentions, double Salience)>();
        foreach (var id in editorPicks)
        {
            wanted.Add(byEntity.TryGetValue(id, out var mention)
                ? (id, EntityOrigin.Editor, mention.Mentions, mention.Salience)
                : (id, EntityOrigin.Editor, 0, unmentionedSalience));
        }

        var picked = editorPicks.ToHashSet();
        wanted.AddRange(found.Entities
            .Where(m => !picked.Contains(m.EntityId) && !rejected.Contains(m.EntityId))
            .Select(m => (m.EntityId, EntityOrigin.Extracted, m.Mentions, m.Salience)));

        var wantedIds = wanted.Select(w => w.EntityId).ToHashSet();
        var changed = links.RemoveAll(link => !wantedIds.Contains(link.EntityId)) > 0;
        for (var position = 0; position < wanted.Count; position++)
        {
            var (entityId, origin, mentions, salience) = wanted[position];
            var link = links.Find(l => l.EntityId == entityId);
            if (link is null)
            {
                link = new ArticleEntity { EntityId = entityId };
                links.Add(link);
                changed = true;
            }
            else if (link.Position != position || link.Origin != origin || link.Mentions != mentions || link.Salience != salience)
            {
                changed = true;
            }

            (link.Position, link.Origin, link.Mentions, link.Salience) = (position, origin, mentions, salience);
        }

        return changed;
    }

    /// <summary>The editor's picks of a stored article, in the editor's order.</summary>
    public static int[] EditorPicks(IEnumerable<ArticleEntity> links) =>
        [.. links.Where(l => l.Origin == EntityOrigin.Editor).OrderBy(l => l.Position).Select(l => l.EntityId)];

    /// <summary>Makes <paramref name="rejections"/> hold exactly <paramref name="entityIds"/>.</summary>
    public static void SetRejections(List<ArticleEntityRejection> rejections, IReadOnlyCollection<int> entityIds)
    {
        rejections.RemoveAll(r => !entityIds.Contains(r.EntityId));
        foreach (var id in entityIds.Where(id => !rejections.Exists(r => r.EntityId == id)))
        {
            rejections.Add(new ArticleEntityRejection { EntityId = id });
        }
    }
}
