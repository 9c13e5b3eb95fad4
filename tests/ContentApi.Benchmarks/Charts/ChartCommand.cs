using System.Globalization;
using ScottPlot;

namespace ContentApi.Benchmarks.Charts;

/// <summary>
/// `chart load RESULTS.tsv OUTPUT.svg|png` and `chart soak RESULTS.tsv OUTPUT.svg|png`: draws what run-load.sh and
/// run-soak.sh measured (the tab-separated results they write next to their tables) with ScottPlot.
/// <list type="bullet">
/// <item>load: requests/s per scenario, the response cache on and off side by side, one chart per writes setting
/// stacked in the same image when both were measured, with the bare-Kestrel ceiling as a line;</item>
/// <item>soak: reads/s, p99 latency and resident memory minute by minute, the baseline (no writes) then the writing run.</item>
/// </list>
/// </summary>
public static class ChartCommand
{
    public static int Run(string[] args)
    {
        if (args is not [var kind and ("load" or "soak"), var input, var output])
        {
            Console.Error.WriteLine("usage: chart load|soak RESULTS.tsv OUTPUT.svg|OUTPUT.png");
            return 2;
        }

        var rows = ReadTsv(input);
        var plot = kind == "load" ? LoadChart.Draw(rows) : SoakChart.Draw(rows);
        Save(plot, output, kind == "load" ? 1400 : 1200, 700);
        Console.WriteLine($"chart: {output}");
        return 0;
    }

    /// <summary>The rows of a tab-separated file with a header line, as column name to value.</summary>
    public static List<Dictionary<string, string>> ReadTsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split('\t');
        return [.. lines.Skip(1).Select(l => l.Split('\t')).Select(cells => header.Zip(cells).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))];
    }

    public static double Number(this Dictionary<string, string> row, string column) =>
        double.Parse(row[column], CultureInfo.InvariantCulture);

    public static void Save(Plot plot, string output, int width, int height)
    {
        if (output.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            plot.SavePng(output, width, height);
        }
        else
        {
            plot.SaveSvg(output, width, height);
        }
    }
}

/// <summary>Requests/s per scenario against the ceiling; columns: cache, writes, scenario, rps, p50_ms, p99_ms, ceiling_rps (and cpu_ms, not drawn).</summary>
public static class LoadChart
{
    public static Plot Draw(List<Dictionary<string, string>> rows)
    {
        var plot = new Plot();
        var scenarios = rows.Select(r => r["scenario"]).Distinct().ToList();
        var series = rows.Select(r => (Cache: r["cache"], Writes: r["writes"])).Distinct().ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / series.Count;
        for (var s = 0; s < series.Count; s++)
        {
            var (cache, writes) = series[s];
            var color = palette.GetColor(s);
            var bars = rows.Where(r => r["cache"] == cache && r["writes"] == writes).Select(r => new Bar
            {
                Position = scenarios.IndexOf(r["scenario"]) - 0.4 + (width * (s + 0.5)),
                Value = r.Number("rps"),
                Size = width * 0.9,
                FillColor = color,
                LineWidth = 0,
            }).ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"cache {cache}, writes {writes}", FillColor = color });
        }

        var ceiling = rows.Max(r => r.Number("ceiling_rps"));
        plot.Add.HorizontalLine(ceiling, 2, Colors.Black); // solid: SkiaSharp's SVG canvas draws no dash patterns
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"bare Kestrel, same bytes (ceiling, {ceiling:N0} req/s)", LineColor = Colors.Black, LineWidth = 2 });

        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, scenarios.Count).Select(i => (double)i)], [.. scenarios]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 220;
        plot.Axes.Right.MinimumSize = 160; // room for the last scenario's slanted name
        plot.Axes.Margins(bottom: 0, top: 0.1);
        plot.YLabel("requests/s");
        plot.Title("Requests/s per scenario against the ceiling");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}

/// <summary>The soak minute by minute; columns: phase (baseline, writes), minute, rps, p50_ms, p99_ms, writes_ok, writes_failed, rss_mib.</summary>
public static class SoakChart
{
    public static Plot Draw(List<Dictionary<string, string>> rows)
    {
        var plot = new Plot();
        var minutes = Enumerable.Range(1, rows.Count).Select(i => (double)i).ToArray();
        var reads = plot.Add.Scatter(minutes, rows.Select(r => r.Number("rps")).ToArray());
        reads.LegendText = "reads/s";
        var p99 = plot.Add.Scatter(minutes, rows.Select(r => r.Number("p99_ms")).ToArray());
        p99.LegendText = "p99 ms";
        p99.Axes.YAxis = plot.Axes.Right;
        var memoryAxis = plot.Axes.AddRightAxis();
        var memory = plot.Add.Scatter(minutes, rows.Select(r => r.Number("rss_mib")).ToArray());
        memory.LegendText = "resident memory MiB";
        memory.Axes.YAxis = memoryAxis;

        var baseline = rows.Count(r => r["phase"] == "baseline");
        if (baseline > 0 && baseline < rows.Count)
        {
            var start = plot.Add.VerticalLine(baseline + 0.5, 1, Colors.Gray);
            start.LabelText = "writes start";
        }

        plot.Axes.Left.Label.Text = "reads/s";
        plot.Axes.Right.Label.Text = "p99 ms";
        memoryAxis.LabelText = "resident memory MiB";
        plot.XLabel("minute");
        plot.Title("Soak: reads/s, p99 and memory per minute");
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }
}
