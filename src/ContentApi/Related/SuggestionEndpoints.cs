using System.ComponentModel;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Entities;
using ContentApi.ReadModel;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Related;

/// <summary>A draft's text, as an editor is writing it: nothing is saved.</summary>
public sealed record SuggestionRequest(
    [property: Description("The headline as typed so far")] string Headline,
    [property: Description("The standfirst, if any")] string? Standfirst,
    [property: Description("The body as Markdown")] string? Body,
    [property: Description("Language tag (en, fr, de, ...): which stop words and stemmer read the text; en when absent")] string? Language);

public sealed class SuggestionRequestValidator : AbstractValidator<SuggestionRequest>
{
    public SuggestionRequestValidator()
    {
        RuleFor(r => r.Headline).NotEmpty().MaximumLength(Limits.Headline);
        RuleFor(r => r.Standfirst).MaximumLength(Limits.Standfirst);
        RuleFor(r => r.Body).MaximumLength(SuggestionEndpoints.MaxBodyLength);
        RuleFor(r => r.Language).MaximumLength(Limits.Language).Matches("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$").When(r => r.Language is not null)
            .WithMessage("'language' must be a language tag such as en or fr-CA.");
    }
}

/// <summary>What the service would make of a draft: entities, candidate entities, tags its neighbours carry, and its related articles.</summary>
public sealed record SuggestionResponse(
    [property: Description("Known entities the text names, most salient first")] IReadOnlyList<SuggestedEntity> Entities,
    [property: Description("Phrases that look like names but are no entity yet (rejected candidates are left out)")] IReadOnlyList<SuggestedCandidate> Candidates,
    [property: Description("Tags of the draft's nearest published articles, weighted by their similarity to it, best first")] IReadOnlyList<SuggestedTag> Tags,
    [property: Description("The related articles the draft would get, as readers would see them")] IReadOnlyList<RelatedArticleSummary> Related);

public sealed record SuggestedEntity(
    EntityResponse Entity,
    [property: Description("How many times the text names it")] int Mentions,
    [property: Description("How central it is to the text, 0-1")] double Salience);

public sealed record SuggestedCandidate(
    [property: Description("The phrase as written")] string Text,
    [property: Description("How many times the text uses it")] int Count);

public sealed record SuggestedTag(
    [property: Description("The tag")] TagSummary Tag,
    [property: Description("The sum of the similarities of the neighbours that carry it")] double Score,
    [property: Description("The ids of the neighbours that carry it, most similar first")] IReadOnlyList<string> SuggestedBy);

public sealed record TagSummary(string Id, string Slug, string Name);

public sealed record RelatedArticleSummary(
    string Id, string Slug, string Headline,
    [property: Description("Similarity times recency; the reasons' weights add up to it")] double Score,
    [property: Description("The shared tags, entities and key terms and what each added")] IReadOnlyList<RelatedReason> Reasons);

public static class SuggestionEndpoints
{
    public const int MaxBodyLength = 200_000;

    /// <summary>How many of the nearest published articles suggest tags, and how many tags at most come back.</summary>
    private const int Neighbours = 20, MaxTags = 10, MaxRelated = 5;

    public static RouteHandlerBuilder MapSuggestions(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/articles/suggestions", Suggest).WithTags("Related").WithName("SuggestForDraft")
            .WithSummary("Suggestions for a draft: entities and candidate entities in its text, tags from its nearest articles, and its related articles")
            .WithDescription("Nothing is saved. Tags are those of the draft's twenty most similar articles that readers may see, each scored by the "
                + "similarities of the articles that carry it; related articles are what readers would get if the draft were published now. "
                + "Articles readers may not see (drafts, scheduled, archived, embargoed) never appear, nor do their tags.")
            .ForEditors();

    private static async Task<Ok<SuggestionResponse>> Suggest(
        SuggestionRequest request, ContentDb db, ContentReadModel model, EntityMatchers matchers, KeyTermSelection terms,
        IOptions<RelatedOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var body = ArticleBodyRenderer.Render(request.Body ?? "");
        var (mentions, phrases) = (await matchers.GetAsync(db, ct)).Analyse(request.Headline, request.Standfirst, body.Text);
        var keyTerms = terms.Choose(request.Headline, request.Standfirst, body.Text, request.Language);
        var found = mentions.Entities.OrderByDescending(m => m.Salience).ThenBy(m => m.EntityId).ToList();
        var draft = new ArticleFacts(
            0, ArticleStatus.Published, now, "", request.Language ?? "en", true, null, [], [],
            [.. found.Select(m => m.EntityId)], [.. found.Select(m => (float)m.Salience)], null, KeyTermList.Transient(keyTerms));

        // As an anonymous reader sees the corpus: an editor's draft must not lead anyone to what readers may not see.
        var readers = ArticleVisibility.For(ArticleReach.Readers, now).ForFacts();
        var settings = options.Value;
        var (candidates, scored) = settings.CapsFor(Neighbours);
        var (tags, related, entities) = model.Read(view =>
        {
            var query = new RelatedQuery(
                Neighbours, id => view.Find(id) is { } facts && readers(facts), settings.HalfLifeDays > 0 ? TimeSpan.FromDays(settings.HalfLifeDays) : null,
                settings.RecencyFloor, settings.MinSimilarity, NearDuplicate: 2, TimeSpan.Zero, settings.WalkLimit, settings.Evidence, candidates, scored);
            var neighbours = view.Related.Query(draft, query);
            var keys = new HashSet<string>();
            List<SuggestedTag> tags =
            [
                .. neighbours
                    .SelectMany(n => view.Find(n.ArticleId)!.TagIds.Select(tag => (Tag: tag, Neighbour: n)))
                    .GroupBy(p => p.Tag)
                    .Select(g => (Tag: view.Tags.Find(g.Key), Score: g.Sum(p => p.Neighbour.Similarity), By: g.Select(p => p.Neighbour.ArticleId).ToList()))
                    .Where(t => t.Tag is not null)
                    .OrderByDescending(t => t.Score).ThenBy(t => t.Tag!.Id).Take(MaxTags)
                    .Select(t => new SuggestedTag(new TagSummary(Key(t.Tag!.Id), t.Tag.Slug, t.Tag.Name), Math.Round(t.Score, 6), [.. t.By.Select(Key)])),
            ];
            List<RelatedArticleSummary> related =
            [
                .. neighbours.Take(MaxRelated).Select(r => (Hit: r, Facts: view.Find(r.ArticleId)!)).Select(r => new RelatedArticleSummary(
                    Key(r.Hit.ArticleId), r.Facts.Slug, r.Facts.Headline, Math.Round(r.Hit.Score, 6),
                    [.. r.Hit.Shared.Select(c => RelatedEndpoints.Reason(c, view, keys))])),
            ];
            var entities = found.Select(m => (Mention: m, Fragment: view.Entities.Find(m.EntityId))).Where(e => e.Fragment is not null).ToList();
            return (tags, related, entities);
        });

        var keys = phrases.Select(p => EntityMatcher.KeyOf(p.Text)).ToList();
        var rejected = (await db.EntityCandidates.AsNoTracking().Where(c => keys.Contains(c.Key) && c.Status == CandidateStatus.Rejected)
            .Select(c => c.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

        return TypedResults.Ok(new SuggestionResponse(
            [.. entities.Select(e => new SuggestedEntity(
                JsonSerializer.Deserialize<EntityResponse>(e.Fragment!.Json, ArticleDocuments.FactsJson)!, e.Mention.Mentions, Math.Round(e.Mention.Salience, 6)))],
            [.. phrases.Where(p => !rejected.Contains(EntityMatcher.KeyOf(p.Text))).OrderByDescending(p => p.Count).Select(p => new SuggestedCandidate(p.Text, p.Count))],
            tags,
            related));
    }

    private static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
