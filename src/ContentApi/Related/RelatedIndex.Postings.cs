using ContentApi.Articles;

namespace ContentApi.Related;

/// <summary>The related index's storage: posting blocks of tags, entities and bylines, key-term lists, and the state a query reads.</summary>
public sealed partial class RelatedIndex
{
    /// <summary>One article written: what the index had of it (null if new) and what it becomes (null if deleted), with their key terms as the index keeps them.</summary>
    private readonly record struct Write(int Id, ArticleFacts? Old, ArticleFacts? New);

    /// <summary>
    /// One kind of feature by id: each feature's article count, highest salience or term weight (an upper bound: it never
    /// goes down), weight, and the article count that weight was computed at.
    /// </summary>
    private abstract class Column(FeatureKind kind, int[] counts, float[] maxWeights)
    {
        public FeatureKind Kind { get; } = kind;

        public int[] Counts { get; private set; } = counts;

        public float[] MaxWeights { get; private set; } = maxWeights;

        public double[] Weights { get; private set; } = new double[counts.Length];

        public int[] WeighedAt { get; private set; } = new int[counts.Length];

        public int CountOf(int id) => id >= 0 && id < Counts.Length ? Counts[id] : 0;

        public virtual float MaxWeightOf(int id) => id >= 0 && id < MaxWeights.Length ? MaxWeights[id] : 0;

        public double WeightOf(int id) => id >= 0 && id < Weights.Length ? Weights[id] : 0;

        /// <summary>Whether the feature's count has moved too far from the one its weight was computed at.</summary>
        public bool IsStale(int id) => Math.Abs(CountOf(id) - WeighedAt[id]) > WeightTolerance * WeighedAt[id];

        /// <summary>Adds <paramref name="change"/> times each article's squared salience (or term weight) to the lengths of the articles the postings hold.</summary>
        public abstract void AddToLengths(ArticleVector[] vectors, int id, int slot, double change);

        /// <summary>Makes room for feature ids below <paramref name="needed"/>.</summary>
        protected virtual void Grow(int needed)
        {
            var length = Math.Max(needed, Counts.Length * 2);
            (Counts, MaxWeights, Weights, WeighedAt) = (Grown(Counts, length), Grown(MaxWeights, length), Grown(Weights, length), Grown(WeighedAt, length));
        }

        protected void EnsureRoom(int needed)
        {
            if (needed > Counts.Length)
            {
                Grow(needed);
            }
        }
    }

    /// <summary>Tags, entities or bylines: each feature's postings in id order, in blocks.</summary>
    private sealed class FeatureColumn(FeatureKind kind, int[][]?[] postings, int[] counts, float[] maxWeights) : Column(kind, counts, maxWeights)
    {
        /// <summary>Whether postings keep a weight per article: entities (salience).</summary>
        public bool Weighted { get; } = kind is FeatureKind.Entity;

        public int[][]?[] All { get; private set; } = postings;

        public int[][]? Blocks(int id) => id >= 0 && id < All.Length ? All[id] : null;

        public override float MaxWeightOf(int id) => Weighted ? base.MaxWeightOf(id) : 1;

        public static FeatureColumn Build(ArticleFacts?[] byId, FeatureKind kind)
        {
            var size = 0;
            foreach (var article in byId)
            {
                foreach (var id in article is null ? [] : IdsOf(article, kind))
                {
                    size = Math.Max(size, id + 1);
                }
            }

            var counts = new int[size];
            foreach (var article in byId)
            {
                foreach (var id in article is null ? [] : IdsOf(article, kind))
                {
                    counts[id]++;
                }
            }

            var weighted = kind is FeatureKind.Entity;
            var postings = new int[][]?[size];
            for (var id = 0; id < size; id++)
            {
                if (counts[id] > 0)
                {
                    var blocks = postings[id] = new int[(counts[id] + BlockSize - 1) / BlockSize][];
                    for (var b = 0; b < blocks.Length; b++)
                    {
                        blocks[b] = new int[Math.Min(BlockSize, counts[id] - b * BlockSize) * (weighted ? 2 : 1)];
                    }
                }
            }

            var filled = new int[size];
            var maxWeights = new float[size];
            foreach (var article in byId)
            {
                var ids = article is null ? [] : IdsOf(article, kind);
                for (var i = 0; i < ids.Length; i++)
                {
                    var id = ids[i];
                    var block = postings[id]![filled[id] / BlockSize];
                    var at = filled[id] % BlockSize;
                    block[at] = article!.Id;
                    if (weighted)
                    {
                        var weight = article.SalienceAt(i);
                        block[block.Length / 2 + at] = BitConverter.SingleToInt32Bits(weight);
                        maxWeights[id] = Math.Max(maxWeights[id], weight);
                    }

                    filled[id]++;
                }
            }

            return new FeatureColumn(kind, postings, counts, maxWeights);
        }

        /// <summary>Replaces the posting blocks the writes touch with merged copies; returns the features touched.</summary>
        public HashSet<int> Update(IReadOnlyList<Write> writes)
        {
            var removed = new Dictionary<int, List<int>>();
            var added = new Dictionary<int, List<(int ArticleId, float Weight)>>();
            foreach (var write in writes)
            {
                foreach (var id in write.Old is { } old ? IdsOf(old, Kind) : [])
                {
                    (removed.TryGetValue(id, out var list) ? list : removed[id] = []).Add(write.Id);
                }

                var ids = write.New is { } @new ? IdsOf(@new, Kind) : [];
                for (var i = 0; i < ids.Length; i++)
                {
                    (added.TryGetValue(ids[i], out var list) ? list : added[ids[i]] = []).Add((write.Id, Weighted ? write.New!.SalienceAt(i) : 1));
                }
            }

            var touched = removed.Keys.Concat(added.Keys).ToHashSet();
            EnsureRoom(touched.Count == 0 ? 0 : touched.Max() + 1);
            foreach (var id in touched)
            {
                var adding = added.GetValueOrDefault(id) ?? [];
                adding.Sort(static (a, b) => a.ArticleId.CompareTo(b.ArticleId));
                var removing = removed.GetValueOrDefault(id) ?? [];
                removing.Sort();
                var (blocks, count) = Merged(All[id], removing, adding);
                All[id] = blocks;
                Counts[id] = count;
                MaxWeights[id] = Math.Max(MaxWeights[id], adding.Count == 0 ? 0 : adding.Max(a => a.Weight));
            }

            return touched;
        }

        public override void AddToLengths(ArticleVector[] vectors, int id, int slot, double change)
        {
            foreach (var block in Blocks(id) ?? [])
            {
                var length = BlockLength(block, Weighted);
                for (var i = 0; i < length; i++)
                {
                    var salience = Weighted ? BitConverter.Int32BitsToSingle(block[length + i]) : 1;
                    vectors[block[i]].Add(slot, change * salience * salience);
                }
            }
        }

        protected override void Grow(int needed)
        {
            base.Grow(needed);
            All = Grown(All, Counts.Length);
        }

        /// <summary>
        /// The blocks without the removed articles and with the added ones (an article both removed and added takes its new
        /// weight), in id order: untouched blocks are shared, a touched block is rebuilt (and split when it grows past twice
        /// the block size). Additions go to the block whose range holds them; past the last block, to the last block.
        /// </summary>
        private (int[][]? Blocks, int Count) Merged(int[][]? blocks, List<int> removing, List<(int ArticleId, float Weight)> adding)
        {
            var old = blocks ?? [];
            var result = new List<int[]>(old.Length + 1);
            var count = 0;
            int a = 0, r = 0;
            for (var b = 0; b < old.Length; b++)
            {
                var upper = b + 1 < old.Length ? old[b + 1][0] : int.MaxValue;
                var addEnd = a;
                while (addEnd < adding.Count && adding[addEnd].ArticleId < upper)
                {
                    addEnd++;
                }

                var removeEnd = r;
                while (removeEnd < removing.Count && removing[removeEnd] < upper)
                {
                    removeEnd++;
                }

                if (addEnd == a && removeEnd == r)
                {
                    result.Add(old[b]);
                    count += BlockLength(old[b], Weighted);
                    continue;
                }

                var merged = new List<(int ArticleId, float Weight)>(BlockLength(old[b], Weighted) + addEnd - a);
                var block = old[b];
                var length = BlockLength(block, Weighted);
                int next = a, nextRemoved = r;
                for (var i = 0; i < length; i++)
                {
                    for (; next < addEnd && adding[next].ArticleId < block[i]; next++)
                    {
                        merged.Add(adding[next]);
                    }

                    for (; nextRemoved < removeEnd && removing[nextRemoved] < block[i]; nextRemoved++)
                    {
                    }

                    var replaced = next < addEnd && adding[next].ArticleId == block[i];
                    if (!replaced && (nextRemoved == removeEnd || removing[nextRemoved] != block[i]))
                    {
                        merged.Add((block[i], Weighted ? BitConverter.Int32BitsToSingle(block[length + i]) : 1));
                    }
                }

                for (; next < addEnd; next++)
                {
                    merged.Add(adding[next]);
                }

                count += merged.Count;
                AddBlocks(result, merged);
                (a, r) = (addEnd, removeEnd);
            }

            if (old.Length == 0 && adding.Count > 0)
            {
                count += adding.Count;
                AddBlocks(result, adding);
            }

            return (result.Count == 0 ? null : [.. result], count);
        }

        /// <summary>The entries as one block, or as blocks of the block size when they are more than twice that.</summary>
        private void AddBlocks(List<int[]> blocks, List<(int ArticleId, float Weight)> entries)
        {
            var size = entries.Count <= 2 * BlockSize ? Math.Max(entries.Count, 1) : BlockSize;
            for (var start = 0; start < entries.Count; start += size)
            {
                var length = Math.Min(size, entries.Count - start);
                var block = new int[Weighted ? 2 * length : length];
                for (var i = 0; i < length; i++)
                {
                    block[i] = entries[start + i].ArticleId;
                    if (Weighted)
                    {
                        block[length + i] = BitConverter.SingleToInt32Bits(entries[start + i].Weight);
                    }
                }

                blocks.Add(block);
            }
        }

        private static int[] IdsOf(ArticleFacts article, FeatureKind kind) => kind switch
        {
            FeatureKind.Tag => article.TagIds,
            FeatureKind.Entity => article.EntityIds,
            _ => article.BylineIds,
        };
    }

    /// <summary>
    /// Key terms by their stems' numbers in KeyWords: each term's count and its list, the articles it weighs most in. A list is one
    /// array of entries of three ints side by side: the article's id, its weight of the term and its impact (that weight
    /// over the length of the article's key-term vector when it was added), both as float bits; ordered by impact, highest
    /// first, ties newer first. It holds every article with the term while there are no more than the list length, else
    /// the best of them. Lists are replaced whole, never changed.
    /// </summary>
    private sealed class TermColumn(int[] counts, float[] maxWeights) : Column(FeatureKind.Term, counts, maxWeights)
    {
        public int[]?[] Lists { get; private set; } = new int[]?[counts.Length];

        public int[]? ListOf(int id) => id >= 0 && id < Lists.Length ? Lists[id] : null;

        public static int ListLength(int[]? list) => list is null ? 0 : list.Length / 3;

        /// <summary>Counts and highest weights of every term; the lists come after the lengths (<see cref="BuildLists"/>).</summary>
        public static TermColumn Build(ArticleFacts?[] articles, int vocabulary)
        {
            var counts = new int[vocabulary];
            var maxWeights = new float[vocabulary];
            foreach (var article in articles)
            {
                var terms = TermsOf(article);
                for (var i = 0; i < TermCount(terms); i++)
                {
                    var id = TermId(terms!, i);
                    if (id < 0)
                    {
                        continue; // a stem past what can be numbered (see KeyTermList.Create): not indexed
                    }

                    counts[id]++;
                    maxWeights[id] = Math.Max(maxWeights[id], TermWeight(terms!, i));
                }
            }

            return new TermColumn(counts, maxWeights);
        }

        /// <summary>
        /// Every term's list from the articles as they are, with their lengths: a term on no more articles than the
        /// capacity takes them all, then is sorted; a longer one is filled as a heap of the best seen so far (the worst at
        /// its root, whose impact turns away most entries after without a look at the heap), then sorted best first.
        /// </summary>
        public void BuildLists(State state, int capacity)
        {
            var filled = new int[Counts.Length];
            var worst = new float[Counts.Length];
            for (var id = 0; id < Counts.Length; id++)
            {
                Lists[id] = Counts[id] == 0 ? null : new int[3 * Math.Min(Counts[id], capacity)];
                worst[id] = float.NegativeInfinity;
            }

            // Each core reads every article and fills the lists of its own share of the terms (blocks of 64 ids, so no two
            // cores write one cache line of the counters).
            var parts = Math.Max(1, Math.Min(Environment.ProcessorCount, state.Articles.Length / 50_000));
            Parallel.For(0, parts, part =>
            {
                for (var article = 0; article < state.Articles.Length; article++)
                {
                    if (TermsOf(state.Articles[article]) is not { } terms)
                    {
                        continue;
                    }

                    var length = Math.Sqrt(state.Vectors[article].Terms);
                    for (var i = 0; i < TermCount(terms); i++)
                    {
                        var id = TermId(terms, i);
                        if ((id >> 6) % parts != part)
                        {
                            continue;
                        }

                        var weight = TermWeight(terms, i);
                        var impact = length > 0 ? (float)(weight / length) : 0;
                        if (impact < worst[id])
                        {
                            continue;
                        }

                        var list = Lists[id]!;
                        if (Counts[id] <= capacity)
                        {
                            Set(list, filled[id]++, article, weight, impact);
                            continue;
                        }

                        Push(list, ref filled[id], article, weight, impact);
                        if (filled[id] == list.Length / 3)
                        {
                            worst[id] = ImpactAt(list, 0);
                        }
                    }
                }
            });

            ForRanges(Lists.Length, () => (from, to) =>
            {
                for (var id = from; id < to; id++)
                {
                    if (Lists[id] is not { } list)
                    {
                        continue;
                    }

                    if (Counts[id] <= capacity)
                    {
                        EntriesOf(list).Sort(static (a, b) => a.ArticleId == b.ArticleId ? 0 : Before(a.Impact, a.ArticleId, b.Impact, b.ArticleId) ? -1 : 1);
                    }
                    else
                    {
                        SortBestFirst(list, filled[id]);
                    }
                }
            });
        }

        /// <summary>Counts and highest weights after the writes; the written articles leave the lists of the terms they had. Returns the terms touched.</summary>
        public HashSet<int> Update(IReadOnlyList<Write> writes, int vocabulary)
        {
            EnsureRoom(vocabulary);
            var touched = new HashSet<int>();
            foreach (var write in writes)
            {
                var oldTerms = TermsOf(write.Old);
                for (var i = 0; i < TermCount(oldTerms); i++)
                {
                    var id = TermId(oldTerms!, i);
                    if (id < 0)
                    {
                        continue;
                    }

                    Counts[id]--;
                    Lists[id] = Without(Lists[id], write.Id);
                    touched.Add(id);
                }

                var newTerms = TermsOf(write.New);
                for (var i = 0; i < TermCount(newTerms); i++)
                {
                    var id = TermId(newTerms!, i);
                    if (id < 0)
                    {
                        continue;
                    }

                    Counts[id]++;
                    MaxWeights[id] = Math.Max(MaxWeights[id], TermWeight(newTerms!, i));
                    touched.Add(id);
                }
            }

            return touched;
        }

        /// <summary>The written articles into the lists of their terms, by their impact from their lengths as they are now.</summary>
        public void Insert(State state, IReadOnlyList<Write> writes, int capacity)
        {
            foreach (var write in writes)
            {
                if (TermsOf(write.New) is not { } terms)
                {
                    continue;
                }

                var length = Math.Sqrt(state.Vectors[write.Id].Terms);
                for (var i = 0; i < TermCount(terms); i++)
                {
                    var (id, weight) = (TermId(terms, i), TermWeight(terms, i));
                    if (id >= 0)
                    {
                        Lists[id] = With(Lists[id], write.Id, weight, length > 0 ? (float)(weight / length) : 0, capacity);
                    }
                }
            }
        }

        public override void AddToLengths(ArticleVector[] vectors, int id, int slot, double change)
        {
            var list = ListOf(id);
            for (var i = 0; i < ListLength(list); i++)
            {
                var weight = WeightAt(list!, i);
                vectors[list![3 * i]].Add(slot, change * weight * weight);
            }
        }

        protected override void Grow(int needed)
        {
            base.Grow(needed);
            Lists = Grown(Lists, Counts.Length);
        }

        public static float WeightAt(int[] list, int at) => BitConverter.Int32BitsToSingle(list[3 * at + 1]);

        private static float ImpactAt(int[] list, int at) => BitConverter.Int32BitsToSingle(list[3 * at + 2]);

        /// <summary>Whether the entry (impact, article) ranks before another in a list: higher impact, then newer.</summary>
        private static bool Before(float impact, int articleId, float otherImpact, int otherArticleId) =>
            impact != otherImpact ? impact > otherImpact : articleId > otherArticleId;

        private static bool Before(int[] list, int a, int b) => Before(ImpactAt(list, a), list[3 * a], ImpactAt(list, b), list[3 * b]);

        /// <summary>The list without the article (the same list if it is not in it).</summary>
        private static int[]? Without(int[]? list, int articleId)
        {
            var at = -1;
            for (var i = 0; i < ListLength(list) && at < 0; i++)
            {
                at = list![3 * i] == articleId ? i : -1;
            }

            if (at < 0)
            {
                return list;
            }

            if (list!.Length == 3)
            {
                return null;
            }

            var result = new int[list.Length - 3];
            Array.Copy(list, result, 3 * at);
            Array.Copy(list, 3 * at + 3, result, 3 * at, list.Length - 3 * at - 3);
            return result;
        }

        /// <summary>The list with the article in its place, the worst entry dropped past the capacity (the same list if the article would be past it).</summary>
        private static int[] With(int[]? list, int articleId, float weight, float impact, int capacity)
        {
            var length = ListLength(list);
            int low = 0, high = length;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (Before(ImpactAt(list!, middle), list![3 * middle], impact, articleId))
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            if (low >= capacity)
            {
                return list!;
            }

            var kept = Math.Min(length + 1, capacity);
            var result = new int[3 * kept];
            if (list is not null)
            {
                Array.Copy(list, result, 3 * low);
                Array.Copy(list, 3 * low, result, 3 * low + 3, 3 * (kept - low - 1));
            }

            Set(result, low, articleId, weight, impact);
            return result;
        }

        /// <summary>Adds an entry to a full or filling heap of the best entries seen (the worst at the root), replacing the root when full and the entry is better.</summary>
        private static void Push(int[] heap, ref int size, int articleId, float weight, float impact)
        {
            if (size < heap.Length / 3)
            {
                Set(heap, size, articleId, weight, impact);
                for (var at = size++; at > 0 && Before(heap, (at - 1) / 2, at); at = (at - 1) / 2)
                {
                    Swap(heap, at, (at - 1) / 2);
                }
            }
            else if (Before(impact, articleId, ImpactAt(heap, 0), heap[0]))
            {
                Set(heap, 0, articleId, weight, impact);
                SiftDown(heap, 0, size);
            }
        }

        /// <summary>Heap sort: moving the worst to the end, again and again, leaves the entries best first.</summary>
        private static void SortBestFirst(int[] heap, int size)
        {
            for (var end = size - 1; end > 0; end--)
            {
                Swap(heap, 0, end);
                SiftDown(heap, 0, end);
            }
        }

        private static void SiftDown(int[] heap, int at, int size)
        {
            while (true)
            {
                var (worst, left) = (at, 2 * at + 1);
                if (left < size && Before(heap, worst, left))
                {
                    worst = left;
                }

                if (left + 1 < size && Before(heap, worst, left + 1))
                {
                    worst = left + 1;
                }

                if (worst == at)
                {
                    return;
                }

                Swap(heap, at, worst);
                at = worst;
            }
        }

        private static void Set(int[] list, int at, int articleId, float weight, float impact) =>
            (list[3 * at], list[3 * at + 1], list[3 * at + 2]) = (articleId, BitConverter.SingleToInt32Bits(weight), BitConverter.SingleToInt32Bits(impact));

        private static void Swap(int[] list, int a, int b)
        {
            for (var part = 0; part < 3; part++)
            {
                (list[3 * a + part], list[3 * b + part]) = (list[3 * b + part], list[3 * a + part]);
            }
        }

        /// <summary>A list's entries seen as structs, to sort them in place.</summary>
        private static Span<Entry> EntriesOf(int[] list) => System.Runtime.InteropServices.MemoryMarshal.Cast<int, Entry>(list.AsSpan());

        private readonly record struct Entry(int ArticleId, int WeightBits, float Impact);
    }

    /// <summary>A posting list as a read-only list of article ids, over the blocks as they were when it was made.</summary>
    private sealed class PostingView(int[][] blocks, bool weighted, int count) : IReadOnlyList<int>
    {
        public int Count => count;

        public int this[int index]
        {
            get
            {
                foreach (var block in blocks)
                {
                    var length = BlockLength(block, weighted);
                    if (index < length)
                    {
                        return block[index];
                    }

                    index -= length;
                }

                throw new ArgumentOutOfRangeException(nameof(index));
            }
        }

        public IEnumerator<int> GetEnumerator()
        {
            foreach (var block in blocks)
            {
                var length = BlockLength(block, weighted);
                for (var i = 0; i < length; i++)
                {
                    yield return block[i];
                }
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Everything a query reads: each article's facts and its key terms' ids, lengths, and the columns. A write that needs
    /// longer arrays publishes a new state; others change this one.
    /// </summary>
    private sealed class State(
        ArticleFacts?[] articles, ArticleVector[] vectors, int count,
        FeatureColumn tags, FeatureColumn entities, FeatureColumn bylines, TermColumn terms)
    {
        /// <summary>A new empty state: columns change in place, so no two indexes may share one.</summary>
        public static State Empty() => new(
            [], [], 0, new(FeatureKind.Tag, [], [], []), new(FeatureKind.Entity, [], [], []), new(FeatureKind.Byline, [], [], []), new([], []));

        public ArticleFacts?[] Articles { get; } = articles;

        public ArticleVector[] Vectors { get; } = vectors;
        public int Count { get; set; } = count;
        public int WeighedCount { get; set; }
        public FeatureColumn Tags { get; } = tags;
        public FeatureColumn Entities { get; } = entities;
        public FeatureColumn Bylines { get; } = bylines;
        public TermColumn Terms { get; } = terms;

        public Column Column(FeatureKind kind) => kind == FeatureKind.Term ? Terms : Postings(kind);

        public FeatureColumn Postings(FeatureKind kind) => kind switch
        {
            FeatureKind.Tag => Tags,
            FeatureKind.Entity => Entities,
            FeatureKind.Byline => Bylines,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Key terms have lists, not posting blocks."),
        };

        /// <summary>This state, or a copy with arrays long enough for article ids below <paramref name="length"/>.</summary>
        public State Growing(int length)
        {
            if (length <= Articles.Length)
            {
                return this;
            }

            var size = Math.Max(length, Articles.Length * 2);
            return new State(
                Grown(Articles, size), Grown(Vectors, size, new ArticleVector { Days = double.NaN }), Count, Tags, Entities, Bylines, Terms)
            {
                WeighedCount = WeighedCount,
            };
        }
    }

    private static T[] Grown<T>(T[] array, int length, T fill = default!)
    {
        var grown = new T[length];
        Array.Copy(array, grown, Math.Min(array.Length, length));
        if (length > array.Length && !EqualityComparer<T>.Default.Equals(fill, default!))
        {
            Array.Fill(grown, fill, array.Length, length - array.Length);
        }

        return grown;
    }
}
