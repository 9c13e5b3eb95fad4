using System.Diagnostics;
using System.Globalization;

namespace ContentApi.Benchmarks.Corpus;

/// <summary><c>corpus</c>: writes a deterministic synthetic newsroom as NDJSON (see <see cref="CorpusGenerator"/>).</summary>
internal static class CorpusCommand
{
    public static int Run(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(CorpusOptions.Usage);
            return 0;
        }

        var options = CorpusOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(CorpusOptions.Usage);
            return 2;
        }

        // Slugs drop accents through Unicode decomposition, which needs ICU: without it "Müller" would
        // slug differently and the same seed would no longer give the same file.
        if ("é".Normalize(System.Text.NormalizationForm.FormD).Length != 2)
        {
            Console.Error.WriteLine("The corpus needs ICU for Unicode normalization; unset DOTNET_SYSTEM_GLOBALIZATION_INVARIANT.");
            return 1;
        }

        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        var path = Path.GetFullPath(options.Out);
        CorpusSummary summary;
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16))
        {
            summary = new CorpusGenerator(options).WriteTo(file);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {summary.Bylines} bylines, {summary.Tags} tags, {summary.Entities} entities and {summary.Articles} articles " +
            $"(seed {options.Seed}, {summary.Bytes / 1_000_000.0:F1} MB) to {path} in {clock.Elapsed.TotalSeconds:F1} s."));
        return 0;
    }
}
