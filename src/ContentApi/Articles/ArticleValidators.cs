using ContentApi.Revisions;
using FluentValidation;

namespace ContentApi.Articles;

/// <summary>Every rule for an article request: its fields, and that what it refers to exists.</summary>
public sealed class ArticleRequestValidator : AbstractValidator<ArticleRequest>
{
    public ArticleRequestValidator(ContentDb db)
    {
        Include(new ArticleFieldsValidator());
        RuleFor(a => a.Bylines).MustReferenceExisting(b => b.BylineId, "bylineId", () => db.Bylines, "byline");
        RuleFor(a => a.TagIds).MustReferenceExisting(id => id, member: null, () => db.Tags, "tag");
        RuleFor(a => a.EntityIds).MustReferenceExisting(id => id, member: null, () => db.Entities, "entity");
        RuleFor(a => a.RejectedEntityIds).MustReferenceExisting(id => id, member: null, () => db.Entities, "entity");
        RuleFor(a => a.RelatedArticleIds).MustReferenceExisting(id => id, member: null, () => db.Articles, "article");
    }
}

/// <summary>
/// The rules an article request's own fields follow, without the database: used by the importer,
/// which resolves references itself. Internal, so the validator scan registers only the full one.
/// </summary>
internal sealed class ArticleFieldsValidator : AbstractValidator<ArticleRequest>
{
    private const int MaxBylines = 20;

    public ArticleFieldsValidator()
    {
        RuleFor(a => a.Slug).MustBeSlug();
        RuleFor(a => a.Headline).NotEmpty().MaximumLength(Limits.Headline);
        RuleFor(a => a.Standfirst).MaximumLength(Limits.Standfirst);
        RuleFor(a => a.Body).NotNull().MaximumLength(Limits.BodyMarkdown);
        RuleFor(a => a.Section).NotEmpty().MaximumLength(Limits.Name);
        RuleFor(a => a.Status).IsInEnum();
        RuleFor(a => a.PublishAt).NotNull().When(a => a.Status == ArticleStatus.Scheduled)
            .WithMessage("A scheduled article needs publishAt: the time it goes live.");
        RuleFor(a => a.Language).NotEmpty().Matches("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$").MaximumLength(Limits.Language)
            .WithMessage("Must be a BCP 47 language tag, such as en, fr or pt-BR.");
        RuleFor(a => a.CanonicalUrl).MustBeWebUrl();
        RuleFor(a => a.FeaturedImage).ChildRules(image =>
        {
            image.RuleFor(i => i!.Url).NotEmpty().MustBeWebUrl();
            image.RuleFor(i => i!.AltText).MaximumLength(Limits.AltText);
            image.RuleFor(i => i!.Caption).MaximumLength(Limits.Caption);
            image.RuleFor(i => i!.Credit).MaximumLength(Limits.Name);
        }).When(a => a.FeaturedImage is not null);
        RuleFor(a => a.Syndication!.Licence).MaximumLength(Limits.Description).When(a => a.Syndication is not null);

        RuleFor(a => a.Bylines).NotEmpty()
            .When(a => a.Status is ArticleStatus.Published or ArticleStatus.Scheduled)
            .WithMessage("A published or scheduled article needs at least one byline.");
        RuleFor(a => a.Bylines).Must(b => b!.Count <= MaxBylines).WithMessage($"At most {MaxBylines} bylines.")
            .Must(b => b!.Select(x => x?.BylineId).Distinct().Count() == b!.Count).WithMessage("Each byline may appear only once.")
            .When(a => a.Bylines is not null);
        RuleForEach(a => a.Bylines).NotNull().WithMessage("A byline may not be null.")
            .ChildRules(byline => byline.RuleFor(b => b.Role).IsInEnum());
        IdList(a => a.TagIds, "tag");
        IdList(a => a.EntityIds, "entity");
        IdList(a => a.RejectedEntityIds, "entity");
        RuleForEach(a => a.RejectedEntityIds)
            .Must((article, id) => article.EntityIds?.Contains(id) != true)
            .WithMessage("An entity cannot be both chosen (entityIds) and rejected.");
        IdList(a => a.RelatedArticleIds, "article");
        RuleFor(a => a.Correction).MustBeCorrection();
    }

    private void IdList(System.Linq.Expressions.Expression<Func<ArticleRequest, IReadOnlyList<string>?>> list, string noun) =>
        RuleFor(list)
            .NoDuplicates(StringComparer.Ordinal, $"{noun} id")
            .Must(ids => ids is null || ids.Count <= Limits.ListItems).WithMessage($"At most {Limits.ListItems} {noun} ids.");
}
