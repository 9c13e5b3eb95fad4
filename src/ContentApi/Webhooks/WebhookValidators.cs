using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Webhooks;

public sealed class WebhookRequestValidator : AbstractValidator<WebhookRequest>
{
    public WebhookRequestValidator(ContentDb db, IOptions<WebhookOptions> options, IHostEnvironment environment)
    {
        var requireHttps = options.Value.RequireHttps ?? environment.IsProduction();
        RuleFor(w => w.Url).Cascade(CascadeMode.Stop).NotEmpty().MustBeWebUrl()
            .Must(url => Refusal(url) is null).WithMessage(w => Refusal(w.Url) ?? "");
        RuleFor(w => w.Description).MaximumLength(Limits.Description);
        RuleFor(w => w.Events).NoDuplicates(StringComparer.Ordinal, "event");
        RuleForEach(w => w.Events).Must(e => WebhookEvents.All.Contains(e))
            .WithMessage($"Events are {string.Join(", ", WebhookEvents.All)}.");
        RuleFor(w => w.TagId).MustAsync(async (id, ct) => id is null || (Lookup.TryParseId(id, out var tag) && await db.Tags.AnyAsync(t => t.Id == tag, ct)))
            .WithMessage(w => $"There is no tag with id '{w.TagId}'.");
        RuleFor(w => w.Section).NotEmpty().MaximumLength(Limits.Name).When(w => w.Section is not null);

        string? Refusal(string? url) => url is null ? null : WebhookAddresses.RefusalFor(new Uri(url), options.Value, requireHttps);
    }
}
