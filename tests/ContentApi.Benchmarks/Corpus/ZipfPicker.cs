namespace ContentApi.Benchmarks.Corpus;

/// <summary>
/// Picks item indexes with Zipf popularity: the item of rank r (1-based) has weight 1/r^s. Ranks are
/// assigned to items by a seeded shuffle (or in index order), so popularity is not tied to creation order.
/// Sampling is a binary search of the cumulative weights with one <see cref="Random.NextDouble"/>.
/// </summary>
internal sealed class ZipfPicker
{
    private readonly double[] _cumulative;
    private readonly int[] _itemOfRank;

    public ZipfPicker(int count, double exponent, Random? shuffle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _cumulative = new double[count];
        var total = 0.0;
        for (var rank = 0; rank < count; rank++)
        {
            // 1/r for s = 1 is an exact division: the same bits on every platform.
            total += exponent == 1.0 ? 1.0 / (rank + 1) : Math.Pow(rank + 1, -exponent);
            _cumulative[rank] = total;
        }

        _itemOfRank = Enumerable.Range(0, count).ToArray();
        shuffle?.Shuffle(_itemOfRank);
    }

    public int Count => _itemOfRank.Length;

    /// <summary>The item index that has the given popularity rank (0 = most popular).</summary>
    public int ItemOfRank(int rank) => _itemOfRank[rank];

    public int Next(Random random)
    {
        var u = random.NextDouble() * _cumulative[^1];
        var found = Array.BinarySearch(_cumulative, u);
        var rank = found >= 0 ? found + 1 : ~found;
        return _itemOfRank[Math.Min(rank, _itemOfRank.Length - 1)];
    }

    /// <summary>
    /// Fills <paramref name="into"/> with <paramref name="count"/> distinct items (fewer if there are not
    /// that many), drawing by popularity and skipping repeats; a run of unlucky draws falls back to the
    /// most popular items not yet taken, so the loop is bounded.
    /// </summary>
    public void PickDistinct(Random random, int count, List<int> into)
    {
        into.Clear();
        count = Math.Min(count, Count);
        for (var attempts = 0; into.Count < count && attempts < 64 * count; attempts++)
        {
            var item = Next(random);
            if (!into.Contains(item))
            {
                into.Add(item);
            }
        }

        for (var rank = 0; into.Count < count; rank++)
        {
            if (!into.Contains(_itemOfRank[rank]))
            {
                into.Add(_itemOfRank[rank]);
            }
        }
    }
}
