using FluentValidation;

namespace ContentApi.Bylines;

public sealed class BylineRequestValidator : AbstractValidator<BylineRequest>
{
    public BylineRequestValidator()
    {
        RuleFor(b => b.Slug).MustBeSlug();
        RuleFor(b => b.Name).NotEmpty().MaximumLength(Limits.Name);
        RuleFor(b => b.Role).MaximumLength(Limits.Name);
        RuleFor(b => b.Bio).MaximumLength(Limits.Description);
        RuleFor(b => b.AvatarUrl).MustBeWebUrl();
        RuleFor(b => b.Links).Must(links => links!.Count <= 20).When(b => b.Links is not null)
            .WithMessage("A byline has at most 20 links.");
        RuleForEach(b => b.Links).NotNull().WithMessage("A link may not be null.").ChildRules(link =>
        {
            link.RuleFor(l => l.Kind).IsInEnum();
            link.RuleFor(l => l.Url).NotEmpty().MustBeWebUrl();
        });
    }
}
