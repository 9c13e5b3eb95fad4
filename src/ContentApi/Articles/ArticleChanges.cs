using ContentApi.Entities;
using ContentApi.Revisions;
using Mapster;

namespace ContentApi.Articles;

/// <summary>
/// Applies a validated request to an article: slug, publication state, rendered body, links and extracted
/// entities, and its revision (with the request's correction). Every write of an article comes through here.
/// </summary>
public static class ArticleChanges
{
    public const string Kind = "Article";

    /// <param name="analysis">The request's text analysed (<see cref="ArticleAnalysis.Of"/>): imports do a batch in parallel.</param>
    /// <param name="source">Who writes, for the revision (see <see cref="ArticleRevisions.RecordAsync"/>).</param>
    /// <param name="knownTaken">
    /// When the caller has asked already (an import, once a batch): which of the slugs it writes other articles hold, as
    /// slugs or former slugs (see <see cref="SlugChoice.ChooseAsync"/>). Otherwise the database is asked for this article's.
    /// </param>
    public static async Task<ProblemHttpResult?> ApplyAsync(
        Article article, ArticleRequest request, ArticleAnalysis analysis, RevisionSource source, ContentDb db, DateTime now, CancellationToken ct,
        IReadOnlySet<string>? knownTaken = null)
    {
        var before = ArticleRevisions.Capture(article);
        IQueryable<string> TakenByOthers() => db.Articles.Where(a => a.Id != article.Id).Select(a => a.Slug)
            .Concat(db.ArticleSlugAliases.Where(s => s.ArticleId != article.Id).Select(s => s.Slug));
        var isNew = article.Id == 0;
        var (slug, problem) = await SlugChoice.ChooseAsync(
            Kind, request.Slug, isNew ? null : article.Slug, request.Headline, TakenByOthers, ct, knownTaken: knownTaken);
        if (problem is not null)
        {
            return problem;
        }

        if (!isNew && slug != article.Slug)
        {
            await MoveSlugAsync(article, slug, db, ct);
        }

        article.Slug = slug;
        article.Headline = request.Headline;
        article.Standfirst = request.Standfirst;
        article.Section = request.Section;
        article.Language = request.Language;
        article.CanonicalUrl = request.CanonicalUrl;
        article.FeaturedImage = request.FeaturedImage?.Adapt(article.FeaturedImage ?? new FeaturedImage());
        (request.Syndication ?? new SyndicationDto(Allowed: false)).Adapt(article.Syndication);
        SetPublication(article, request.Status, Times.ToUtc(request.PublishAt), now);
        article.EmbargoUntil = Times.ToUtc(request.EmbargoUntil);

        var body = analysis.Body;
        article.Body.Markdown = request.Body;
        article.Body.Html = body.Html;
        article.Body.Text = body.Text;
        article.WordCount = body.WordCount;
        article.ReadingTimeMinutes = body.ReadingTimeMinutes;
        article.KeyTerms.Terms = analysis.KeyTermsText;

        var bylines = request.Bylines ?? [];
        Sync(article.Bylines, [.. bylines.Select(b => Id(b.BylineId))], l => l.BylineId,
            id => new ArticleByline { BylineId = id },
            (link, position) => (link.Position, link.Role) = (position, bylines[position].Role));
        Sync(article.Tags, Ids(request.TagIds), l => l.TagId, id => new ArticleTag { TagId = id }, (l, p) => l.Position = p);
        var rejected = Ids(request.RejectedEntityIds).ToHashSet();
        ArticleEntityLinks.SetRejections(article.EntityRejections, rejected);
        ArticleEntityLinks.Apply(article.Entities, Ids(request.EntityIds), rejected, analysis.Mentions);
        Sync(article.Pins, Ids(request.RelatedArticleIds), l => l.PinnedArticleId, id => new ArticlePin { PinnedArticleId = id }, (l, p) => l.Position = p);

        if (isNew)
        {
            article.CreatedAt = now;
        }

        article.UpdatedAt = now;
        article.Version++;
        await ArticleRevisions.RecordAsync(db, article, before, request.Correction, source, now, ct);
        return null;
    }

    /// <summary>
    /// Draft: not published. Scheduled: live from publishAt, with no job to run. Published: live from
    /// publishAt if given (back-dating), else from when it was first published, else now.
    /// Archived: keeps its publication time but is no longer live.
    /// </summary>
    private static void SetPublication(Article article, ArticleStatus status, DateTime? publishAt, DateTime now)
    {
        var wasLive = article.Status is ArticleStatus.Published or ArticleStatus.Scheduled && article.PublishedAt <= now;
        article.PublishedAt = status switch
        {
            ArticleStatus.Draft => null,
            ArticleStatus.Scheduled => publishAt,
            ArticleStatus.Published => publishAt ?? (wasLive ? article.PublishedAt : now),
            _ => article.PublishedAt ?? publishAt,
        };
        article.PublishAt = status == ArticleStatus.Scheduled ? publishAt : null;
        article.Status = status;
    }

    /// <summary>The old slug becomes an alias that keeps resolving; a former slug can be taken back.</summary>
    private static async Task MoveSlugAsync(Article article, string newSlug, ContentDb db, CancellationToken ct)
    {
        if (await db.ArticleSlugAliases.FindAsync([newSlug], ct) is { } reclaimed)
        {
            db.ArticleSlugAliases.Remove(reclaimed);
        }

        db.ArticleSlugAliases.Add(new ArticleSlugAlias { Slug = article.Slug, ArticleId = article.Id });
    }

    /// <summary>Makes <paramref name="links"/> hold exactly <paramref name="ids"/>, in that order, reusing rows that stay.</summary>
    private static void Sync<TLink>(List<TLink> links, int[] ids, Func<TLink, int> idOf, Func<int, TLink> create, Action<TLink, int> place)
    {
        links.RemoveAll(link => !ids.Contains(idOf(link)));
        for (var position = 0; position < ids.Length; position++)
        {
            var link = links.Find(l => idOf(l) == ids[position]);
            if (link is null)
            {
                link = create(ids[position]);
                links.Add(link);
            }

            place(link, position);
        }
    }

    private static int[] Ids(IReadOnlyList<string>? ids) => ids is null ? [] : [.. ids.Select(Id)];

    private static int Id(string id) => Lookup.TryParseId(id, out var value)
        ? value
        : throw new InvalidOperationException($"'{id}' reached the write path without passing validation.");
}
