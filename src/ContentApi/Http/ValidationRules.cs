using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Http;

/// <summary>Rules shared by the request validators.</summary>
public static class ValidationRules
{
    public static IRuleBuilderOptions<T, string?> MustBeSlug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(slug => slug is null || Slugs.IsValid(slug)).WithMessage($"A slug has {Slugs.Rule}.");

    /// <summary>A cursor of an id- or position-paged list: one this API encoded (or none, for the first page).</summary>
    public static IRuleBuilderOptions<T, string?> MustBeIssuedCursor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(cursor => cursor is null || Cursors.TryDecode(cursor, out _))
            .WithMessage("The cursor is not one this API issued. Use the nextCursor of a previous page, or omit it for the first page.");

    public static IRuleBuilderOptions<T, string?> MustBeWebUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(url => url is null || IsWebUrl(url))
            .WithMessage($"Must be an absolute http or https URL of at most {Limits.Url} characters.");

    public static IRuleBuilderOptions<T, IReadOnlyList<TItem>?> NoDuplicates<T, TItem>(
        this IRuleBuilder<T, IReadOnlyList<TItem>?> rule, IEqualityComparer<TItem> comparer, string noun) =>
        rule.Must(items => items is null || items.Distinct(comparer).Count() == items.Count)
            .WithMessage($"Each {noun} may appear only once.");

    /// <summary>
    /// Every item's id must be the id of an existing row of <paramref name="table"/>; a failure is
    /// reported at the item (and its <paramref name="member"/>, when the id is a field of the item).
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, IReadOnlyList<TItem>?> MustReferenceExisting<T, TItem, TEntity>(
        this IRuleBuilder<T, IReadOnlyList<TItem>?> rule, Func<TItem, string> idOf, string? member, Func<IQueryable<TEntity>> table, string noun)
        where TEntity : class, ISlugged =>
        rule.CustomAsync(async (items, context, ct) =>
        {
            if (items is null || items.Count == 0)
            {
                return;
            }

            var ids = items.Select(item => item is null ? null : idOf(item)).ToList();
            var numeric = ids.Select(id => Lookup.TryParseId(id, out var n) ? n : 0).Where(n => n > 0).Distinct().ToList();
            var found = (await table().Where(e => numeric.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct)).ToHashSet();
            for (var i = 0; i < ids.Count; i++)
            {
                if (!Lookup.TryParseId(ids[i], out var id) || !found.Contains(id))
                {
                    context.AddFailure($"{context.PropertyPath}[{i}]{(member is null ? "" : "." + member)}", $"There is no {noun} with id '{ids[i]}'.");
                }
            }
        });

    public static bool IsWebUrl(string url) =>
        url.Length <= Limits.Url
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
