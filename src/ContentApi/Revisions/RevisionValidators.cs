using FluentValidation;

namespace ContentApi.Revisions;

public sealed class RestoreRevisionRequestValidator : AbstractValidator<RestoreRevisionRequest>
{
    public RestoreRevisionRequestValidator() => RuleFor(r => r.Correction).MustBeCorrection();
}

public static class CorrectionRules
{
    /// <summary>A correction note is optional, but when sent it says something, in at most 2,000 characters.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeCorrection<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(note => note is null || !string.IsNullOrWhiteSpace(note)).WithMessage("A correction note cannot be empty: leave it out instead.")
            .MaximumLength(Limits.Description);
}
