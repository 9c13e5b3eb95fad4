using ContentApi.Persistence;

namespace ContentApi.Benchmarks.Related;

/// <summary>An entity as the synthetic corpora name it: its slug, name and type (the type sets its weight in scores).</summary>
public sealed record ReferenceName(string Slug, string Name, EntityType? Kind = null);
