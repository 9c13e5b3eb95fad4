using FluentValidation;

namespace ContentApi.Entities;

public sealed class EntityRequestValidator : AbstractValidator<EntityRequest>
{
    public EntityRequestValidator()
    {
        RuleFor(e => e.Slug).MustBeSlug();
        RuleFor(e => e.Slug).Must(slug => !EntityEndpoints.ReservedSlugs.Contains(slug)).When(e => e.Slug is not null)
            .WithMessage($"An entity's slug may not be {string.Join(" or ", EntityEndpoints.ReservedSlugs)}: /v1/entities/ has paths by those names.");
        RuleFor(e => e.Name).NotEmpty().MaximumLength(Limits.Name);
        RuleFor(e => e.Type).IsInEnum();
        RuleFor(e => e.Description).MaximumLength(Limits.Description);
        RuleFor(e => e.Aliases).NoDuplicates(StringComparer.OrdinalIgnoreCase, "alias")
            .Must(a => a!.Count <= Limits.ListItems).WithMessage($"At most {Limits.ListItems} aliases.")
            .Must((entity, aliases) => !aliases!.Contains(entity.Name, StringComparer.OrdinalIgnoreCase))
            .WithMessage("An alias must differ from the name.")
            .When(e => e.Aliases is not null);
        RuleForEach(e => e.Aliases).NotEmpty().MaximumLength(Limits.Alias);
        RuleFor(e => e.WikidataId).Matches("^Q[1-9][0-9]{0,11}$").When(e => e.WikidataId is not null)
            .WithMessage("A Wikidata id is Q followed by digits, such as Q912.");
        RuleFor(e => e.GeoNamesId).Matches("^[1-9][0-9]{0,11}$").When(e => e.GeoNamesId is not null)
            .WithMessage("A GeoNames id is a positive number, such as 2460596.");
    }
}
