namespace ContentApi.Articles;

/// <summary>What a search (q on lists and feeds) may cost: anyone may search, anonymous callers included.</summary>
public sealed class SearchOptions
{
    /// <summary>Most different words and "phrases" in one search.</summary>
    public int MaxTerms { get; set; } = 10;

    /// <summary>Fewest letters before the * of a prefix: a shorter prefix matches a large part of the vocabulary.</summary>
    public int MinPrefixLength { get; set; } = 3;

    /// <summary>Most prefixes (word*) in one search: each one reads the index entries of every word it starts.</summary>
    public int MaxPrefixTerms { get; set; } = 3;

    /// <summary>How long the database may work on one search request before it is stopped with a 400.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

}

public static class SearchSetup
{
    public static IServiceCollection AddSearchLimits(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>().BindConfiguration("Search")
            .Validate(o => o.MaxTerms is >= 1 and <= 100, "Search:MaxTerms must be 1-100")
            .Validate(o => o.MinPrefixLength is >= 1 and <= 20, "Search:MinPrefixLength must be 1-20")
            .Validate(o => o.MaxPrefixTerms is >= 0 and <= 100, "Search:MaxPrefixTerms must be 0-100")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(5), "Search:Timeout must be positive and at most 5 minutes")
            .ValidateOnStart();
        return services;
    }
}
