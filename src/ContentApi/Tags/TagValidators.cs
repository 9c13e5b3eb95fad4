using FluentValidation;

namespace ContentApi.Tags;

public sealed class TagRequestValidator : AbstractValidator<TagRequest>
{
    public TagRequestValidator()
    {
        RuleFor(t => t.Slug).MustBeSlug();
        RuleFor(t => t.Name).NotEmpty().MaximumLength(Limits.Name);
        RuleFor(t => t.Description).MaximumLength(Limits.Description);
        RuleFor(t => t.Type).IsInEnum();
    }
}
