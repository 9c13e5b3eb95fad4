using System.Globalization;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Tags;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Data.Seed;

/// <summary>
/// The sample newsroom of a fresh install (sample-newsroom.json, embedded). Loaded only into a
/// database with no content at all, so restarting never duplicates it nor brings back what an
/// editor deleted.
/// </summary>
public static class SampleNewsroom
{
    public static async Task<bool> LoadAsync(ContentDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Articles.AnyAsync(ct) || await db.Bylines.AnyAsync(ct) || await db.Tags.AnyAsync(ct) || await db.Entities.AnyAsync(ct))
        {
            return false;
        }

        var sample = await ReadAsync(ct);
        var now = clock.UtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var bylines = AddAll<BylineRequest, Byline>(db, sample.Bylines, r => r.Slug!, now);
        var tags = AddAll<TagRequest, Tag>(db, sample.Tags, r => r.Slug!, now);
        var entities = AddAll<EntityRequest, NamedEntity>(db, sample.Entities, r => r.Slug!, now);
        await db.SaveChangesAsync(ct);

        var articles = new Dictionary<string, Article>();
        foreach (var item in sample.Articles)
        {
            var request = item.ToRequest(bylines, tags, entities, articles);
            var article = new Article();
            if (await ArticleChanges.ApplyAsync(article, request, db, now, ct) is { } problem)
            {
                throw new InvalidOperationException($"Sample article '{item.Slug}' was refused: {problem.ProblemDetails.Detail}");
            }

            db.Articles.Add(article);
            await db.SaveChangesAsync(ct);
            await ArticleSearchIndex.ReindexAsync(db, [article.Id], ct);
            articles[item.Slug] = article;
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    private static Dictionary<string, TEntity> AddAll<TRequest, TEntity>(
        ContentDb db, IEnumerable<TRequest> requests, Func<TRequest, string> slug, DateTime now)
        where TEntity : class, IReferenceResource, new()
    {
        var added = new Dictionary<string, TEntity>();
        foreach (var request in requests)
        {
            var entity = request!.Adapt<TEntity>() ?? throw new InvalidOperationException("Sample item did not map.");
            entity.Slug = slug(request);
            entity.CreatedAt = entity.UpdatedAt = now;
            entity.Version = 1;
            db.Add(entity);
            added[entity.Slug] = entity;
        }

        return added;
    }

    private static async Task<SampleContent> ReadAsync(CancellationToken ct)
    {
        await using var stream = typeof(SampleNewsroom).Assembly.GetManifestResourceStream("ContentApi.Data.Seed.sample-newsroom.json")
            ?? throw new InvalidOperationException("The sample content is not embedded in the assembly.");
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Http.HttpSetup.ConfigureJson(options);
        return await JsonSerializer.DeserializeAsync<SampleContent>(stream, options, ct)
            ?? throw new InvalidOperationException("The sample content is empty.");
    }

    private sealed record SampleContent(
        IReadOnlyList<BylineRequest> Bylines,
        IReadOnlyList<TagRequest> Tags,
        IReadOnlyList<EntityRequest> Entities,
        IReadOnlyList<SampleArticle> Articles);

    private sealed record SampleBylineCredit(string Byline, BylineCredit Role);

    /// <summary>An article request that names its bylines, tags, entities and pins by slug.</summary>
    private sealed record SampleArticle(
        string Slug, string Headline, string? Standfirst, string Body, string Section, ArticleStatus Status,
        DateTime? PublishAt, string Language, string? CanonicalUrl, FeaturedImageDto? FeaturedImage, SyndicationDto? Syndication,
        IReadOnlyList<SampleBylineCredit> Bylines, IReadOnlyList<string> Tags, IReadOnlyList<string> Entities,
        IReadOnlyList<string>? RelatedArticles)
    {
        public ArticleRequest ToRequest(
            Dictionary<string, Byline> bylines, Dictionary<string, Tag> tags, Dictionary<string, NamedEntity> entities,
            Dictionary<string, Article> articles) => new(
            Slug, Headline, Standfirst, Body, Section, Status, PublishAt, Language, CanonicalUrl, FeaturedImage, Syndication,
            [.. Bylines.Select(b => new ArticleBylineRequest(IdOf(bylines[b.Byline]), b.Role))],
            [.. Tags.Select(t => IdOf(tags[t]))],
            [.. Entities.Select(e => IdOf(entities[e]))],
            [.. (RelatedArticles ?? []).Select(a => IdOf(articles[a]))]);

        private static string IdOf(ISlugged resource) => resource.Id.ToString(CultureInfo.InvariantCulture);
    }
}
