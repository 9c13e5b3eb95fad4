using System.ComponentModel;
using System.Text;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace ContentApi.Http;

/// <summary>A page of a list. <c>next</c> is null on the last page.</summary>
public sealed record Page<T>(
    [property: Description("The items on this page")] IReadOnlyList<T> Items,
    [property: Description("The page size that was asked for")] int Limit,
    [property: Description("Opaque cursor for the next page; null on the last page")] string? NextCursor,
    [property: Description("Relative URL of the next page; null on the last page")] string? Next)
{
    public Page<TOut> Select<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], Limit, NextCursor, Next);
}

/// <summary>Keyset paging over ids, newest first.</summary>
public sealed record PageQuery(
    [FromQuery(Name = "cursor")][property: Description("Opaque cursor from the previous page's nextCursor")] string? Cursor = null,
    [FromQuery(Name = "limit")][property: Description("Page size, 1-100"), DefaultValue(20)] int Limit = 20)
{
    public const int MaxLimit = 100;

    /// <summary>The id to continue below, or null for the first page.</summary>
    public int? After => Cursors.TryDecode(Cursor, out var id) ? id : null;

    public Page<T> ToPage<T>(List<T> fetched, Func<T, string> id, HttpRequest request)
    {
        if (fetched.Count <= Limit)
        {
            return new Page<T>(fetched, Limit, null, null);
        }

        fetched.RemoveAt(fetched.Count - 1);
        var cursor = Cursors.Encode(id(fetched[^1]));
        return new Page<T>(fetched, Limit, cursor, NextLinks.For(request, cursor));
    }
}

public sealed class PageQueryValidator : AbstractValidator<PageQuery>
{
    public PageQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PageQuery.MaxLimit);
        RuleFor(q => q.Cursor).MustBeIssuedCursor();
    }
}

public static class NextLinks
{
    /// <summary>
    /// The relative URL of the next page: this request's query with the cursor replaced. It is also
    /// sent as an RFC 8288 Link header, for clients that page by headers.
    /// </summary>
    public static string For(HttpRequest request, string cursor)
    {
        var next = QueryHelpers.AddQueryString(request.Path, request.Query.Where(p => p.Key != "cursor")
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new KeyValuePair<string, string?>("cursor", cursor)));
        request.HttpContext.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        return next;
    }
}

internal static class Cursors
{
    private const string Prefix = "id:";

    public static string Encode(string id) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(Prefix + id));

    public static bool TryDecode(string? cursor, out int id)
    {
        id = 0;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            return text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id)
                && id > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
