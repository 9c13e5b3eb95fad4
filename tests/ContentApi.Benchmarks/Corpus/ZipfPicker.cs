namespace ContentApi.Benchmarks.Corpus;

/// <summary>
/// Picks item indexes with Zipf popularity: the item of rank r (1-based) has weight 1/r^s. Ranks are
/// assigned to items by a seeded shuffle (or in index order), so popularity is not tied to creation order.
/// Sampling finds the first cumulative weight above one <see cref="Random.NextDouble"/> (scaled), starting from a guide
/// table of as many equal slices of the total as there are items, so a draw reads a few weights, not a binary search's
/// eighteen scattered ones over a large vocabulary; the result is the same as a binary search's.
/// </summary>
internal sealed class ZipfPicker
{
    private readonly double[] _cumulative;
    private readonly int[] _itemOfRank;
    private readonly int[] _guide;
    private readonly double _slice;

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

        // _guide[b]: the first rank whose cumulative weight is above b slices (never past the answer for a draw in slice b).
        _slice = total / count;
        _guide = new int[count + 1];
        for (int b = 0, rank = 0; b <= count; b++)
        {
            while (rank < count - 1 && _cumulative[rank] <= b * _slice)
            {
                rank++;
            }

            _guide[b] = rank;
        }
    }

    public int Count => _itemOfRank.Length;

    /// <summary>The item index that has the given popularity rank (0 = most popular).</summary>
    public int ItemOfRank(int rank) => _itemOfRank[rank];

    public int Next(Random random)
    {
        var u = random.NextDouble() * _cumulative[^1];
        var slice = Math.Clamp((int)(u / _slice), 0, _guide.Length - 1);
        while (slice > 0 && slice * _slice > u)
        {
            slice--; // rounding put u below its slice's start
        }

        var rank = _guide[slice];
        while (rank < _cumulative.Length - 1 && _cumulative[rank] <= u)
        {
            rank++;
        }

        return _itemOfRank[rank];
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
