using ContentApi.Entities;
using ContentApi.Related;

namespace ContentApi.Articles;

/// <summary>
/// What the service derives from an article's text when it is written: the rendered body, the known
/// entities it mentions, the capitalised phrases that name none (candidates) and the key terms the related
/// index reads it by. Pure and thread-safe, so imports compute it for a batch in parallel.
/// </summary>
public sealed record ArticleAnalysis(RenderedBody Body, ArticleMentions Mentions, IReadOnlyList<CapitalisedPhrase> Candidates, IReadOnlyList<KeyTerm> KeyTerms)
{
    /// <param name="frequencies">What key terms are weighed by; null for the related index as it is now.</param>
    public static ArticleAnalysis Of(ArticleRequest request, EntityMatcher matcher, KeyTermSelection terms, IDocumentFrequencies? frequencies = null)
    {
        var body = ArticleBodyRenderer.Render(request.Body);
        var (mentions, candidates) = matcher.Analyse(request.Headline, request.Standfirst, body.Text);
        return new ArticleAnalysis(body, mentions, candidates, terms.Choose(request.Headline, request.Standfirst, body.Text, request.Language, frequencies));
    }
}
