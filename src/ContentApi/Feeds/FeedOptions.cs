namespace ContentApi.Feeds;

public sealed class FeedOptions
{
    /// <summary>The publication's name: the start of every feed's title, and the feed's author in Atom.</summary>
    public string Title { get; set; } = "ContentApi";

    /// <summary>
    /// The API's public address (scheme, host and any path prefix, such as https://api.example.com), for the absolute
    /// links in feeds: the feed's own address and id, and articles without a canonicalUrl. Unset: the request's scheme
    /// and host, which behind a proxy may be an internal address.
    /// </summary>
    public string? BaseUrl { get; set; }

    internal bool IsValid() =>
        !string.IsNullOrWhiteSpace(Title) && Title.Length <= 200
        && (BaseUrl is null || (Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)));
}
