namespace ContentApi.ReadModel;

/// <summary>
/// Keys kept in order, for walking a sort order from any place (a cursor) in either direction. Changed under the read
/// model's write lock: one key at a time by binary search, or, for a batch (an import's), by one merge of the whole.
/// </summary>
public sealed class SortedKeys<T>(IComparer<T> comparer)
    where T : notnull
{
    /// <summary>Past this many changes at once, one merge costs less than moving the tail of the list for each.</summary>
    private const int MergeAbove = 32;

    private List<T> _keys = [];

    public int Count => _keys.Count;

    public T this[int index] => _keys[index];

    /// <summary>Replaces every key.</summary>
    public void Load(IEnumerable<T> keys)
    {
        var list = keys.ToList();
        list.Sort(comparer);
        _keys = list;
    }

    /// <summary>Takes out the removed keys and puts in the added ones (a key both removed and added stays).</summary>
    public void Apply(IReadOnlyCollection<T> removed, IReadOnlyCollection<T> added)
    {
        if (removed.Count + added.Count <= MergeAbove)
        {
            foreach (var key in removed)
            {
                var at = _keys.BinarySearch(key, comparer);
                if (at >= 0)
                {
                    _keys.RemoveAt(at);
                }
            }

            foreach (var key in added)
            {
                var at = _keys.BinarySearch(key, comparer);
                if (at < 0)
                {
                    _keys.Insert(~at, key);
                }
            }

            return;
        }

        var gone = removed.ToHashSet();
        var adding = added.Distinct().ToList();
        adding.Sort(comparer);
        var merged = new List<T>(_keys.Count + adding.Count);
        var next = 0;
        foreach (var key in _keys)
        {
            for (; next < adding.Count && comparer.Compare(adding[next], key) < 0; next++)
            {
                merged.Add(adding[next]);
            }

            if (next < adding.Count && comparer.Compare(adding[next], key) == 0)
            {
                continue; // re-added: the copy from adding goes in next
            }

            if (!gone.Contains(key))
            {
                merged.Add(key);
            }
        }

        merged.AddRange(adding.Skip(next));
        _keys = merged;
    }

    /// <summary>The first place at or after the key (Count when every key is before it).</summary>
    public int FirstAtOrAfter(T key)
    {
        var (low, high) = (0, _keys.Count);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            (low, high) = comparer.Compare(_keys[middle], key) < 0 ? (middle + 1, high) : (low, middle);
        }

        return low;
    }
}

/// <summary>An article's place by last update: its UpdatedAt, then id. Packed to 12 bytes, like DateKey.</summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 4)]
public readonly record struct UpdatedKey(long Ticks, int Id) : IComparable<UpdatedKey>
{
    public static UpdatedKey Of(ArticleFacts article) => new(article.UpdatedAt.Ticks, article.Id);

    public int CompareTo(UpdatedKey other) => Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : Id.CompareTo(other.Id);

    public static bool operator <(UpdatedKey left, UpdatedKey right) => left.CompareTo(right) < 0;
    public static bool operator <=(UpdatedKey left, UpdatedKey right) => left.CompareTo(right) <= 0;
    public static bool operator >(UpdatedKey left, UpdatedKey right) => left.CompareTo(right) > 0;
    public static bool operator >=(UpdatedKey left, UpdatedKey right) => left.CompareTo(right) >= 0;
}

/// <summary>An article's place by headline: ordinal order of the headline, then id.</summary>
public readonly record struct HeadlineKey(string Headline, int Id) : IComparable<HeadlineKey>
{
    public static HeadlineKey Of(ArticleFacts article) => new(article.Headline, article.Id);

    public int CompareTo(HeadlineKey other) =>
        string.CompareOrdinal(Headline, other.Headline) is var order and not 0 ? order : Id.CompareTo(other.Id);

    public static bool operator <(HeadlineKey left, HeadlineKey right) => left.CompareTo(right) < 0;
    public static bool operator <=(HeadlineKey left, HeadlineKey right) => left.CompareTo(right) <= 0;
    public static bool operator >(HeadlineKey left, HeadlineKey right) => left.CompareTo(right) > 0;
    public static bool operator >=(HeadlineKey left, HeadlineKey right) => left.CompareTo(right) >= 0;
}
