using ContentApi.Entities;
using ContentApi.Related;

namespace ContentApi.Articles;

/// <summary>
/// What the service derives from an article's text when it is written: the rendered body, the known
/// entities it mentions, the capitalised phrases that name none (candidates) and the key terms the related
/// index reads it by, with the text its row stores them as. Pure and thread-safe, so imports compute it for a batch in
/// parallel, while the batch before is written.
/// </summary>
public sealed record ArticleAnalysis(
    RenderedBody Body, ArticleMentions Mentions, IReadOnlyList<CapitalisedPhrase> Candidates, IReadOnlyList<KeyTerm> KeyTerms, string KeyTermsText)
{
    /// <param name="frequencies">What key terms are weighed by; null for the related index as it is now.</param>
    public static ArticleAnalysis Of(ArticleRequest request, EntityMatcher matcher, KeyTermSelection terms, IDocumentFrequencies? frequencies = null)
    {
        var body = ArticleBodyRenderer.Render(request.Body);
        var (mentions, candidates) = matcher.Analyse(request.Headline, request.Standfirst, body.Text);
        var keyTerms = terms.Choose(request.Headline, request.Standfirst, body.Text, request.Language, frequencies);
        return new ArticleAnalysis(body, mentions, candidates, keyTerms, KeyTermText.Write(keyTerms));
    }
}
