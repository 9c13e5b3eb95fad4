using System.ComponentModel;
using FluentValidation;

namespace ContentApi.Access;

public sealed record KeyRequest(
    [property: Description("Who the key is for, such as Acme Daily")] string Name,
    [property: Description("What the key may do")] ApiRole Role,
    [property: Description("Partner keys only: receive articles before their embargo ends, marked with embargoUntil")] bool EmbargoCleared = false);

/// <summary>A key as listed: never the key itself.</summary>
public sealed record KeyResponse(string Id, string Name, ApiRole Role, bool EmbargoCleared, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>A new key: the only response that ever carries <c>key</c>. Store it now; it cannot be shown again.</summary>
public sealed record CreatedKeyResponse(string Id, string Name, ApiRole Role, bool EmbargoCleared, string Prefix, DateTime CreatedAt,
    [property: Description("The key, shown this once (only its hash is stored); left out of an idempotent replay of this answer")] string Key);

public sealed class KeyRequestValidator : AbstractValidator<KeyRequest>
{
    public KeyRequestValidator()
    {
        RuleFor(k => k.Name).NotEmpty().MaximumLength(Limits.Name);
        RuleFor(k => k.Role).IsInEnum();
        RuleFor(k => k.EmbargoCleared).Equal(false).When(k => k.Role != ApiRole.Partner)
            .WithMessage("Only partner keys are cleared for embargoes: editors and admins already see everything, readers never do.");
    }
}
