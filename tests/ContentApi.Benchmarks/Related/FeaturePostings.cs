using ContentApi.Articles;
using ContentApi.Related;

namespace ContentApi.Benchmarks.Related;

/// <summary>
/// The benchmark's own posting lists (compressed rows: one array of article ids, offsets per feature),
/// independent of <see cref="RelatedIndex"/>: the evaluation's baselines and the latency command's
/// candidate counts walk these. Tags and entities share one key space: a tag is its id, an entity
/// TagKeys + its id.
/// </summary>
internal sealed class FeaturePostings
{
    private readonly int[] _offsets;
    private readonly int[] _items;

    public FeaturePostings(IReadOnlyList<ArticleFacts> articles)
    {
        var maxTag = 0;
        var maxEntity = 0;
        var maxId = 0;
        foreach (var a in articles)
        {
            maxId = Math.Max(maxId, a.Id);
            foreach (var t in a.TagIds)
            {
                maxTag = Math.Max(maxTag, t);
            }

            foreach (var e in a.EntityIds)
            {
                maxEntity = Math.Max(maxEntity, e);
            }
        }

        TagKeys = maxTag + 1;
        FeatureCountOf = new int[maxId + 1];
        Published = new DateTime?[maxId + 1];
        var keys = TagKeys + maxEntity + 1;
        _offsets = new int[keys + 1];
        var features = new int[maxId + 1][];
        foreach (var a in articles)
        {
            // Distinct, as the index counts them.
            var own = a.TagIds.Distinct().Concat(a.EntityIds.Distinct().Select(e => TagKeys + e)).ToArray();
            features[a.Id] = own;
            FeatureCountOf[a.Id] = own.Length;
            Published[a.Id] = a.PublishedAt;
            foreach (var key in own)
            {
                _offsets[key + 1]++;
            }
        }

        for (var k = 0; k < keys; k++)
        {
            _offsets[k + 1] += _offsets[k];
        }

        _items = new int[_offsets[keys]];
        var fill = _offsets[..keys];
        for (var id = 0; id < features.Length; id++)
        {
            foreach (var key in features[id] ?? [])
            {
                _items[fill[key]++] = id;
            }
        }

        FeaturesOf = features;
    }

    public int TagKeys { get; }

    public int Keys => _offsets.Length - 1;

    /// <summary>By article id: its distinct feature keys (null where there is no article).</summary>
    public int[]?[] FeaturesOf { get; }

    /// <summary>By article id: how many distinct tags and entities it has.</summary>
    public int[] FeatureCountOf { get; }

    public DateTime?[] Published { get; }

    public int MaxArticleId => FeatureCountOf.Length - 1;

    public int Key(FeatureKind kind, int id) => kind == FeatureKind.Tag ? id : TagKeys + id;

    public (FeatureKind Kind, int Id) Feature(int key) => key < TagKeys ? (FeatureKind.Tag, key) : (FeatureKind.Entity, key - TagKeys);

    public ReadOnlySpan<int> Of(int key) => _items.AsSpan(_offsets[key], _offsets[key + 1] - _offsets[key]);

    public int Frequency(int key) => _offsets[key + 1] - _offsets[key];
}
