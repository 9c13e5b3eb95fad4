using ContentApi.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Entities;

/// <summary>
/// Records the capitalised phrases each written article contains as sightings of entity candidates:
/// an article's sightings are replaced on every write (and deleted with it). Phrases are matched to
/// candidates by key (case and diacritics folded, as the matcher folds names); a rejected candidate
/// keeps being counted but is never proposed again.
/// </summary>
public static class CandidateSightings
{
    private const int LookupChunk = 500;

    /// <summary>Tracks the changes for a batch of articles (new ones too); the caller saves them.</summary>
    public static async Task RecordAsync(
        ContentDb db, IReadOnlyList<(Article Article, IReadOnlyList<CapitalisedPhrase> Phrases)> written, DateTime now, CancellationToken ct)
    {
        var existingIds = written.Where(w => w.Article.Id != 0).Select(w => w.Article.Id).ToList();
        var previous = new List<EntityCandidateSighting>();
        foreach (var chunk in existingIds.Chunk(LookupChunk))
        {
            previous.AddRange(await db.EntityCandidateSightings.Where(s => chunk.Contains(s.ArticleId)).ToListAsync(ct));
        }

        var phrases = written.SelectMany(w => w.Phrases).Select(p => (Key: EntityMatcher.KeyOf(p.Text), p.Text))
            .Where(p => p.Key.Length is > 0 and <= Limits.Name * 2).DistinctBy(p => p.Key).ToList();
        // New phrases become pending candidates at once, and a phrase another writer added meanwhile is
        // kept: an insert that ignores existing keys cannot fail on the unique key as a tracked add could.
        foreach (var chunk in phrases.Chunk(LookupChunk))
        {
            await SqlDialect.Of(db).AddCandidatesAsync(db, chunk, now, ct);
        }

        var candidates = new Dictionary<string, EntityCandidate>(StringComparer.Ordinal);
        foreach (var chunk in phrases.Select(p => p.Key).Chunk(LookupChunk))
        {
            foreach (var candidate in await db.EntityCandidates.Where(c => chunk.Contains(c.Key)).ToListAsync(ct))
            {
                candidates[candidate.Key] = candidate;
            }
        }

        var previousByArticle = previous.ToLookup(s => s.ArticleId);
        foreach (var (article, found) in written)
        {
            var counts = found.Select(p => (Candidate: candidates.GetValueOrDefault(EntityMatcher.KeyOf(p.Text)), p.Count))
                .Where(p => p.Candidate is not null)
                .GroupBy(p => p.Candidate!)
                .ToDictionary(g => g.Key, g => g.Sum(p => p.Count));
            var before = article.Id == 0 ? [] : previousByArticle[article.Id].ToList();
            foreach (var gone in before.Where(s => !counts.Keys.Any(c => c.Id == s.CandidateId)))
            {
                db.EntityCandidateSightings.Remove(gone);
            }

            foreach (var (candidate, count) in counts)
            {
                candidate.LastSeenAt = now;
                var sighting = before.Find(s => s.CandidateId == candidate.Id);
                if (sighting is null)
                {
                    db.EntityCandidateSightings.Add(new EntityCandidateSighting { Candidate = candidate, Article = article, Count = count, SeenAt = now });
                }
                else if (sighting.Count != count)
                {
                    sighting.Count = count;
                    sighting.SeenAt = now;
                }
            }
        }
    }
}
