using ContentApi.References;
using ContentApi.Telemetry;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Changes;
using ContentApi.Entities;
using ContentApi.Persistence;
using ContentApi.Related;
using ContentApi.Revisions;
using ContentApi.Tags;
using FluentValidation;
using Mapster;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Transfer;

/// <summary>
/// Imports NDJSON (see ContentRecords) in two passes over the input: the first checks every line and
/// every reference and reports all problems by line number, writing nothing; the second writes, in
/// batches, creating what is new and updating what changed, found by slug. Importing the same file
/// again changes nothing. Each written article's entities are extracted alongside the rendering of its
/// body; when the import adds or renames entities in a database that already had articles, one
/// extraction job over every article is queued to bring the articles not in the file up to date.
/// </summary>
public sealed class ContentImporter(
    ContentDb db, ContentWriter writer, TimeProvider clock, IOptions<JsonOptions> json, EntityMatchers matchers, KeyTermSelection terms)
{
    public const int MaxReportedErrors = 200;

    /// <summary>The most records written in one batch (one transaction).</summary>
    internal const int BatchSize = 500;

    /// <summary>
    /// How much article text (headline, standfirst and body characters) a batch gathers: the article that reaches it is the
    /// batch's last. A batch is analysed while the one before it is written, so two are in memory at once, each article
    /// several times over (its Markdown, HTML, plain text, representation and revision): 1,000 articles of 199,000
    /// characters peaked at 2.6 GiB in batches of 500, and at 494 MiB with this bound. Articles of a few thousand
    /// characters fill a batch by count long before this.
    /// </summary>
    internal const long BatchText = 4_000_000;

    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    /// <summary>Key terms chosen by this import, for choosing the next ones when no loaded index counts them (the command line).</summary>
    private readonly KeyTermCounts _chosen = new();

    /// <summary>Whether this import created an entity or changed an entity's names.</summary>
    private bool _entityNamesChanged;

    /// <param name="open">Opens the input from its start; called once per pass.</param>
    /// <param name="author">Whose revisions the written articles get: the caller's key, or null on the command line.</param>
    /// <param name="progress">Told how far each pass is, every few hundred lines.</param>
    /// <returns>The report, or the problems (keyed "lines[N].field") when any line is wrong.</returns>
    public async Task<(ImportReport? Report, Dictionary<string, string[]>? Errors)> ImportAsync(
        Func<Stream> open, Author? author, CancellationToken ct, IProgress<ImportProgress>? progress = null)
    {
        using var span = ContentTelemetry.Source.StartActivity("import");
        var (errors, total) = await CheckAsync(open, progress, ct);
        if (errors.Count > 0)
        {
            ContentTelemetry.Count(ContentTelemetry.ImportJobs, "refused");
            return (null, errors);
        }

        // One connection for the whole pass: otherwise EF opens and closes one for every query outside the writer's transactions.
        await db.Database.OpenConnectionAsync(ct);
        ImportReport report;
        try
        {
            await using var bulk = await SqlDialect.Of(db).BeginBulkWriteAsync(db, ct);
            report = await WriteAsync(open, new RevisionSource(author), total, progress, ct);
            await bulk.CompleteAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        ContentTelemetry.Count(ContentTelemetry.ImportJobs, "done");
        return (report, null);
    }

    /// <summary>The first pass: every line's problems, and how many lines there are. Holds the slugs, not the records.</summary>
    private async Task<(Dictionary<string, string[]> Errors, long Lines)> CheckAsync(Func<Stream> open, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        const int reportEvery = 500;
        long checkedLines = 0;
        var errors = new Dictionary<string, string[]>();
        var slugs = new Dictionary<string, HashSet<string>>
        {
            [ContentRecords.Byline] = [], [ContentRecords.Tag] = [], [ContentRecords.Entity] = [], [ContentRecords.Article] = [],
        };
        var references = new List<(int Line, string Field, string Kind, string Slug)>();
        var articleLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var validators = new Dictionary<string, IValidator>
        {
            [ContentRecords.Byline] = new BylineRequestValidator(),
            [ContentRecords.Tag] = new TagRequestValidator(),
            [ContentRecords.Entity] = new EntityRequestValidator(),
            [ContentRecords.Article] = new ArticleFieldsValidator(),
        };

        await foreach (var (line, kind, record, error) in ReadAsync(open, ct))
        {
            if (errors.Count >= MaxReportedErrors)
            {
                break;
            }

            if (++checkedLines % reportEvery == 0)
            {
                progress?.Report(new ImportProgress(checkedLines, 0, 0, Writing: false));
            }

            if (error is not null)
            {
                errors[$"lines[{line}]"] = [error];
                continue;
            }

            var (slug, checkedValue) = record switch
            {
                ArticleRecord a => (a.Slug, (object)a.ToFieldsOnlyRequest()),
                IReferenceRequest r => (r.Slug, record!),
                _ => (null, record!),
            };
            var result = await validators[kind].ValidateAsync(new ValidationContext<object>(checkedValue), ct);
            foreach (var failure in result.Errors)
            {
                errors[$"lines[{line}].{failure.PropertyName}"] = [failure.ErrorMessage];
            }

            if (slug is null)
            {
                errors[$"lines[{line}].slug"] = ["Every imported record needs a slug: it is how a later import finds it again."];
            }
            else if (!slugs[kind].Add(slug))
            {
                errors[$"lines[{line}].slug"] = [$"Another {kind} line earlier in the file has the slug '{slug}'."];
            }

            if (record is ArticleRecord article)
            {
                if (slug is not null)
                {
                    articleLines.TryAdd(slug, line);
                }

                // Only references to what the file has not named yet are kept, for the end: a file that names its bylines,
                // tags and entities before its articles keeps almost none, however long it is. A null byline is the validator's to report.
                void Keep(IEnumerable<(string Field, string Kind, string? Slug)> named) =>
                    references.AddRange(named.Where(r => r.Slug is not null && !slugs[r.Kind].Contains(r.Slug)).Select(r => (line, r.Field, r.Kind, r.Slug!)));
                Keep((article.Bylines ?? []).Select((b, i) => ($"bylines[{i}].byline", ContentRecords.Byline, b?.Byline)));
                Keep((article.Tags ?? []).Select((t, i) => ($"tags[{i}]", ContentRecords.Tag, (string?)t)));
                Keep((article.Entities ?? []).Select((e, i) => ($"entities[{i}]", ContentRecords.Entity, (string?)e)));
                Keep((article.RelatedArticles ?? []).Select((a, i) => ($"relatedArticles[{i}]", ContentRecords.Article, (string?)a)));
                Keep((article.RejectedEntities ?? []).Select((e, i) => ($"rejectedEntities[{i}]", ContentRecords.Entity, (string?)e)));
                foreach (var (_, i) in (article.Bylines ?? []).Select((b, i) => (b, i)).Where(b => b.b is { Byline: null }))
                {
                    errors[$"lines[{line}].bylines[{i}].byline"] = ["A byline needs the slug of a byline."];
                }
            }
        }

        progress?.Report(new ImportProgress(checkedLines, 0, 0, Writing: false));

        // A former slug still leads to its article (a redirect): a new article cannot take it.
        foreach (var (slug, line) in (await FormerSlugsAsync(articleLines, ct)).Take(MaxReportedErrors))
        {
            errors[$"lines[{line}].slug"] = [$"'{slug}' is another article's former slug and still leads to it: give this article another slug."];
        }

        foreach (var group in references.GroupBy(r => r.Kind))
        {
            var unknown = group.Select(r => r.Slug).Where(s => !slugs[group.Key].Contains(s)).Distinct().ToList();
            var existing = await ExistingSlugsAsync(group.Key, unknown, ct);
            foreach (var (line, field, kind, slug) in group.Where(r => !slugs[r.Kind].Contains(r.Slug) && !existing.Contains(r.Slug)).Take(MaxReportedErrors))
            {
                errors[$"lines[{line}].{field}"] = [$"No {kind} has the slug '{slug}', in this file or already."];
            }
        }

        return (errors, checkedLines);
    }

    private async Task<ImportReport> WriteAsync(Func<Stream> open, RevisionSource source, long total, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var hadArticles = await db.Articles.AnyAsync(ct);
        var (lines, created, updated, unchanged, written) = (0, 0, 0, 0, 0L);
        var pending = new List<object>();
        var pendingText = 0L;
        var repin = new List<ArticleRecord>();
        Dictionary<string, int>? bylines = null, tags = null, entities = null, articles = null;

        // Rendering, sanitising and finding entities are most of an article's cost, and need nothing from the database: a
        // batch is analysed (in parallel) while the one before it is written.
        (List<ArticleRecord> Records, Task<List<ArticleAnalysis>> Analyses)? analysing = null;

        async Task WriteAnalysedAsync()
        {
            if (analysing is { } batch)
            {
                analysing = null;
                Count(await WriteArticlesAsync(batch.Records, await batch.Analyses, bylines!, tags!, entities!, articles!, repin, source, now, ct));
            }
        }

        void Count((int Created, int Updated, int Unchanged) counts)
        {
            created += counts.Created;
            updated += counts.Updated;
            unchanged += counts.Unchanged;
            written += counts.Created + counts.Updated + counts.Unchanged;
            progress?.Report(new ImportProgress(total, written, total, Writing: true));
        }

        async Task FlushAsync()
        {
            if (pending.Count == 0)
            {
                return;
            }

            if (pending[0] is ArticleRecord)
            {
                var records = pending.Cast<ArticleRecord>().ToList();
                var matcher = await matchers.GetAsync(db, ct);
                // On the command line the counts are this import's own (_chosen): the analysis of the batch before adds to
                // them, and must have finished before this one reads them. Else the two would race on one dictionary.
                if (analysing is { } previous)
                {
                    await previous.Analyses;
                }

                var frequencies = Frequencies;
                var analyses = Task.Run(() =>
                {
                    var analysed = records.AsParallel().AsOrdered().Select(r => ArticleAnalysis.Of(r.ToAnalysedRequest(), matcher, terms, frequencies)).ToList();
                    analysed.ForEach(a => _chosen.Add(a.KeyTerms));
                    return analysed;
                }, ct);
                await WriteAnalysedAsync();
                analysing = (records, analyses);
            }
            else
            {
                await WriteAnalysedAsync();
                Count(await WriteReferencesAsync(pending, now, ct));
            }

            pending.Clear();
            pendingText = 0;
        }

        await foreach (var (_, kind, record, _) in ReadAsync(open, ct))
        {
            lines++;
            if (StartsNewBatch(pending, pendingText, record!))
            {
                await FlushAsync();
            }

            if (kind == ContentRecords.Article && articles is null)
            {
                // Slugs and ids only: loading whole articles (bodies and all) would read the entire database.
                bylines = await SlugsToIdsAsync(db.Bylines, ct);
                tags = await SlugsToIdsAsync(db.Tags, ct);
                entities = await SlugsToIdsAsync(db.Entities, ct);
                articles = await SlugsToIdsAsync(db.Articles, ct);
            }

            pending.Add(record!);
            pendingText += TextOf(record!);
        }

        await FlushAsync();
        await WriteAnalysedAsync();

        // Pins to articles that came later in the file are set once every article exists.
        foreach (var record in repin)
        {
            var article = await db.Articles.Include(a => a.Bylines).Include(a => a.Tags).Include(a => a.Entities).Include(a => a.Pins)
                .Include(a => a.EntityRejections).AsSplitQuery().SingleAsync(a => a.Slug == record.Slug, ct);
            var request = record.ToRequest(bylines!, tags!, entities!, articles!);
            await ArticleChanges.ApplyAsync(article, request, ArticleAnalysis.Of(request, await matchers.GetAsync(db, ct), terms, Frequencies), source, db, now, ct);
            await writer.SaveAsync(db, ct, forget: true);
        }

        if (hadArticles && _entityNamesChanged)
        {
            ExtractionJobs.QueueAll(db, now);
            await writer.SaveAsync(db, ct);
        }

        return new ImportReport(lines, created, updated, unchanged);
    }

    /// <summary>
    /// Whether <paramref name="record"/> waits for the next batch, after <paramref name="pending"/> (holding
    /// <paramref name="pendingText"/> characters of article text): this one is full by count or by text, or is of another kind.
    /// </summary>
    internal static bool StartsNewBatch(IReadOnlyList<object> pending, long pendingText, object record) =>
        pending.Count > 0 && (pending.Count >= BatchSize || pendingText >= BatchText || pending[0].GetType() != record.GetType());

    /// <summary>The characters of article text a record adds to its batch (see <see cref="BatchText"/>).</summary>
    internal static long TextOf(object record) =>
        record is ArticleRecord article ? (article.Headline?.Length ?? 0) + (article.Standfirst?.Length ?? 0) + (article.Body?.Length ?? 0) : 0;

    private async Task<(int Created, int Updated, int Unchanged)> WriteArticlesAsync(
        List<ArticleRecord> records, List<ArticleAnalysis> analyses, Dictionary<string, int> bylines, Dictionary<string, int> tags, Dictionary<string, int> entities,
        Dictionary<string, int> articles, List<ArticleRecord> repin, RevisionSource source, DateTime now, CancellationToken ct)
    {
        var slugs = records.Select(r => r.Slug!).ToList();
        var existing = await db.Articles.Where(a => slugs.Contains(a.Slug))
            .Include(a => a.Bylines).Include(a => a.Tags).Include(a => a.Entities).Include(a => a.Pins).Include(a => a.EntityRejections)
            .AsSplitQuery().ToDictionaryAsync(a => a.Slug, ct);
        // Which of the batch's slugs other articles hold, asked once for the batch rather than by each article: as their
        // slug, none (an article with the slug is the one its line updates, found above); as a former slug, these.
        // The check refused such lines, so only a rename since then can put one here.
        var aliased = (await db.ArticleSlugAliases.Where(s => slugs.Contains(s.Slug)).Select(s => s.Slug).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var (created, updated, unchanged) = (0, 0, 0);
        var written = new List<(Article Article, IReadOnlyList<CapitalisedPhrase> Candidates)>();
        var requests = records.Select(r => r.ToRequest(bylines, tags, entities, articles)).ToList();
        for (var i = 0; i < records.Count; i++)
        {
            var (record, request, analysis) = (records[i], requests[i], analyses[i]);
            if ((record.RelatedArticles?.Count ?? 0) != (request.RelatedArticleIds?.Count ?? 0))
            {
                repin.Add(record);
            }

            if (existing.TryGetValue(record.Slug!, out var article))
            {
                if (Same(ArticleQueries.ToRequest(article), AsStored(request, article)))
                {
                    unchanged++;
                    continue;
                }

                updated++;
            }
            else
            {
                article = new Article();
                db.Articles.Add(article);
                created++;
            }

            if (await ArticleChanges.ApplyAsync(article, request, analysis, source, db, now, ct, knownTaken: aliased) is { } problem)
            {
                throw new InvalidOperationException($"Article '{record.Slug}' was refused after checking: {problem.ProblemDetails.Detail}");
            }

            written.Add((article, analysis.Candidates));
        }

        await CandidateSightings.RecordAsync(db, written, now, ct);
        await writer.SaveAsync(db, ct, forget: true);
        written.ForEach(w => articles[w.Article.Slug] = w.Article.Id);
        return (created, updated, unchanged);
    }

    /// <summary>The related index's counts when the service runs; on the command line, what this import has chosen so far.</summary>
    private IDocumentFrequencies Frequencies => terms.Frequencies ?? _chosen;

    private async Task<(int Created, int Updated, int Unchanged)> WriteReferencesAsync(List<object> records, DateTime now, CancellationToken ct) =>
        records[0] switch
        {
            BylineRequest => await UpsertAsync(db.Bylines, records.Cast<BylineRequest>().ToList(), now, ct),
            TagRequest => await UpsertAsync(db.Tags, records.Cast<TagRequest>().ToList(), now, ct),
            _ => await UpsertAsync(db.Entities, records.Cast<EntityRequest>().ToList(), now, ct),
        };

    private async Task<(int Created, int Updated, int Unchanged)> UpsertAsync<TEntity, TRequest>(
        DbSet<TEntity> table, List<TRequest> requests, DateTime now, CancellationToken ct)
        where TEntity : class, IReferenceResource, new()
        where TRequest : class, IReferenceRequest
    {
        var slugs = requests.Select(r => r.Slug!).ToList();
        var existing = await table.Where(e => slugs.Contains(e.Slug)).ToDictionaryAsync(e => e.Slug, ct);
        var (created, updated, unchanged) = (0, 0, 0);
        foreach (var request in requests)
        {
            if (existing.TryGetValue(request.Slug!, out var entity))
            {
                // Compare what would be stored (absent lists become empty ones), not the line as written.
                var stored = request.Adapt<TEntity>();
                stored.Slug = entity.Slug;
                if (Same(entity.Adapt<TRequest>(), stored.Adapt<TRequest>()))
                {
                    unchanged++;
                    continue;
                }

                var searchedBefore = entity.SearchText;
                request.Adapt(entity);
                if (entity.SearchText != searchedBefore)
                {
                    _entityNamesChanged |= typeof(TEntity) == typeof(NamedEntity);
                }

                updated++;
            }
            else
            {
                _entityNamesChanged |= typeof(TEntity) == typeof(NamedEntity);
                entity = request.Adapt<TEntity>();
                entity.Slug = request.Slug!;
                entity.CreatedAt = now;
                table.Add(entity);
                created++;
            }

            entity.UpdatedAt = now;
            entity.Version++;
        }

        // Articles are found by the names of what they refer to: the writer reindexes those of renamed ones.
        await writer.SaveAsync(db, ct, forget: true);
        return (created, updated, unchanged);
    }

    private static async Task<Dictionary<string, int>> SlugsToIdsAsync<T>(IQueryable<T> table, CancellationToken ct)
        where T : class, ISlugged =>
        (await table.AsNoTracking().Select(e => new { e.Slug, e.Id }).ToListAsync(ct)).ToDictionary(e => e.Slug, e => e.Id);

    /// <summary>The slugs, among the file's articles', that are an existing article's former slugs, with their lines.</summary>
    private async Task<List<(string Slug, int Line)>> FormerSlugsAsync(Dictionary<string, int> articleLines, CancellationToken ct)
    {
        var found = new List<(string, int)>();
        foreach (var chunk in articleLines.Keys.Chunk(500))
        {
            var former = await db.ArticleSlugAliases.Where(a => chunk.Contains(a.Slug)).Select(a => a.Slug).ToListAsync(ct);
            found.AddRange(former.Select(slug => (slug, articleLines[slug])));
        }

        return found;
    }

    private async Task<HashSet<string>> ExistingSlugsAsync(string kind, List<string> slugs, CancellationToken ct)
    {
        var found = new HashSet<string>();
        foreach (var chunk in slugs.Chunk(500))
        {
            found.UnionWith(kind switch
            {
                ContentRecords.Byline => await db.Bylines.Where(b => chunk.Contains(b.Slug)).Select(b => b.Slug).ToListAsync(ct),
                ContentRecords.Tag => await db.Tags.Where(t => chunk.Contains(t.Slug)).Select(t => t.Slug).ToListAsync(ct),
                ContentRecords.Entity => await db.Entities.Where(e => chunk.Contains(e.Slug)).Select(e => e.Slug).ToListAsync(ct),
                _ => await db.Articles.Where(a => chunk.Contains(a.Slug)).Select(a => a.Slug).ToListAsync(ct),
            });
        }

        return found;
    }

    /// <summary>
    /// The request as ArticleChanges would store it over <paramref name="current"/>: absent lists empty,
    /// absent syndication not cleared, and a published or archived article keeping its publication time.
    /// </summary>
    private static ArticleRequest AsStored(ArticleRequest request, Article current) => request with
    {
        Syndication = request.Syndication ?? new SyndicationDto(Allowed: false),
        PublishAt = request.PublishAt ?? (request.Status is ArticleStatus.Published or ArticleStatus.Archived ? current.PublishedAt : null),
        EmbargoUntil = Times.ToUtc(request.EmbargoUntil),
        Bylines = request.Bylines ?? [],
        TagIds = request.TagIds ?? [],
        EntityIds = request.EntityIds ?? [],
        RelatedArticleIds = request.RelatedArticleIds ?? [],
        RejectedEntityIds = [.. (request.RejectedEntityIds ?? []).OrderBy(id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture))],
    };

    private bool Same(object current, object wanted) =>
        JsonSerializer.Serialize(current, current.GetType(), _json) == JsonSerializer.Serialize(wanted, wanted.GetType(), _json);

    /// <summary>Each non-blank line as (line number, record kind, record) or (line number, error).</summary>
    private async IAsyncEnumerable<(int Line, string Kind, object? Record, string? Error)> ReadAsync(
        Func<Stream> open, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(open());
        var number = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            (string Kind, object? Record, string? Error) parsed;
            try
            {
                using var document = JsonDocument.Parse(text);
                var kind = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("record", out var r)
                    && r.ValueKind == JsonValueKind.String
                    ? r.GetString()!
                    : "";
                parsed = kind switch
                {
                    ContentRecords.Byline => (kind, document.Deserialize<BylineRequest>(_json), null),
                    ContentRecords.Tag => (kind, document.Deserialize<TagRequest>(_json), null),
                    ContentRecords.Entity => (kind, document.Deserialize<EntityRequest>(_json), null),
                    ContentRecords.Article => (kind, document.Deserialize<ArticleRecord>(_json), null),
                    _ => ("", null, "Each line needs \"record\": \"byline\", \"tag\", \"entity\" or \"article\"."),
                };
            }
            catch (JsonException e)
            {
                parsed = ("", null, $"Not a valid record: {e.Message.Split(" Path:")[0]}{(e.Path is null ? "" : $" (at {e.Path})")}");
            }
            catch (InvalidOperationException)
            {
                // GetString on "record" with an escaped lone surrogate ("\ud800").
                parsed = ("", null, "Not a valid record: \"record\" is not valid Unicode.");
            }

            yield return (number, parsed.Kind, parsed.Record, parsed.Record is null ? parsed.Error ?? "The line is empty JSON." : null);
        }
    }
}
