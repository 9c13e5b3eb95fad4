using ContentApi.Articles;
using System.Linq.Expressions;

namespace ContentApi.Access;

/// <summary>
/// The one rule for which articles a caller may see. Editors and admins see everything. Readers
/// (and anonymous callers) see articles that are published or scheduled and whose publication time
/// has come, by the clock, so scheduled articles appear with no job to run; never drafts or archived
/// ones. Partners see only those of them cleared for syndication, while the clearance lasts.
/// </summary>
public sealed class ArticleVisibility
{
    private readonly Lazy<Func<Article, bool>> _compiled;

    private ArticleVisibility(Expression<Func<Article, bool>> rule)
    {
        Rule = rule;
        _compiled = new Lazy<Func<Article, bool>>(rule.Compile);
    }

    /// <summary>For queries: <c>db.Articles.Where(visibility.Rule)</c>.</summary>
    public Expression<Func<Article, bool>> Rule { get; }

    /// <summary>For articles already loaded, such as pinned related articles.</summary>
    public bool Allows(Article article) => _compiled.Value(article);

    public static ArticleVisibility For(Caller caller, DateTime now) => caller.Role switch
    {
        ApiRole.Editor or ApiRole.Admin => new(_ => true),
        ApiRole.Partner => new(a =>
            (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled) && a.PublishedAt <= now
            && a.Syndication.Allowed && (a.Syndication.ExpiresAt == null || a.Syndication.ExpiresAt > now)),
        _ => new(a => (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled) && a.PublishedAt <= now),
    };

    /// <summary>
    /// The same rule for the in-memory catalog's facts, applied through one scratch article that each
    /// call refills, so a scan of the catalog allocates nothing per article. Not for use across threads.
    /// </summary>
    public Func<ArticleFacts, bool> ForFacts()
    {
        var scratch = new Article();
        var allows = _compiled.Value;
        return facts =>
        {
            scratch.Status = facts.Status;
            scratch.PublishedAt = facts.PublishedAt;
            scratch.Syndication.Allowed = facts.SyndicationAllowed;
            scratch.Syndication.ExpiresAt = facts.SyndicationExpiresAt;
            return allows(scratch);
        };
    }

    /// <summary>Binds a handler parameter: the rule for this request's caller at this moment.</summary>
    public static ValueTask<ArticleVisibility?> BindAsync(HttpContext context) => ValueTask.FromResult<ArticleVisibility?>(
        For(Caller.From(context.User), context.RequestServices.GetRequiredService<TimeProvider>().UtcNow()));
}
