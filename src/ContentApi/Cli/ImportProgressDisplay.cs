using System.Globalization;
using ContentApi.Transfer;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ContentApi.Cli;

/// <summary>
/// Shows how far an import is: on a terminal, live bars (lines done, lines a second, elapsed, time left) drawn by
/// Spectre.Console; anywhere else (a file, a pipe, a log collector), a plain line every few seconds and at the end of
/// each pass, with no escape codes.
/// </summary>
public static class ImportProgressDisplay
{
    /// <summary>How often a plain line is printed while a pass runs.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static async Task<T> RunAsync<T>(TextWriter output, bool interactive, Func<IProgress<ImportProgress>, Task<T>> import)
    {
        if (!interactive)
        {
            var plain = new PlainLines(output, TimeProvider.System);
            var result = await import(plain);
            plain.Finish();
            return result;
        }

        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new LinesColumn(), new RateColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var checking = context.AddTask("Checking").IsIndeterminate(true);
                var writing = context.AddTask("Writing", autoStart: false);
                var result = await import(new Progress(checking, writing));
                checking.StopTask();
                writing.StopTask();
                return result;
            });
    }

    /// <summary>Moves the bars; reported from the import's own flow, which Spectre's tasks allow.</summary>
    private sealed class Progress(ProgressTask checking, ProgressTask writing) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            checking.Value = value.LinesChecked;
            if (!value.Writing)
            {
                return;
            }

            if (!writing.IsStarted)
            {
                checking.IsIndeterminate = false;
                checking.MaxValue = value.LinesChecked;
                checking.StopTask();
                writing.MaxValue = Math.Max(1, value.TotalLines);
                writing.StartTask();
            }

            writing.Value = value.LinesWritten;
        }
    }

    private sealed class LinesColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.IsIndeterminate || !task.IsStarted
                ? string.Create(CultureInfo.InvariantCulture, $"{task.Value:N0} lines")
                : string.Create(CultureInfo.InvariantCulture, $"{task.Value:N0}/{task.MaxValue:N0} lines"));
    }

    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Speed ?? 0:N0}/s"));
    }

    /// <summary>How far back the plain lines' rate (and so their time left) looks.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(30);

    /// <summary>
    /// "Checking: 12,000 lines, 5,400/s, 2 s" and "Writing: 6,000 of 12,220 lines (49%), 1,200/s, 5 s, about 5 s left".
    /// The rate is over the last <see cref="RateWindow"/> of the pass, and the time left follows from it: a file's bylines,
    /// tags and entities are written many times faster than its articles, so the pass's average promised the end
    /// minutes too soon.
    /// </summary>
    internal sealed class PlainLines(TextWriter output, TimeProvider clock) : IProgress<ImportProgress>
    {
        private readonly long _started = clock.GetTimestamp();

        /// <summary>The reports of the last <see cref="RateWindow"/> (at least two), oldest first; the newest is <see cref="_newest"/>.</summary>
        private readonly Queue<(TimeSpan At, long Done)> _recent = new([(TimeSpan.Zero, 0L)]);
        private (TimeSpan At, long Done) _newest;
        private TimeSpan? _printedAt;
        private ImportProgress? _last;
        private ImportProgress? _lastPrinted;

        public void Report(ImportProgress value)
        {
            if (_last is { Writing: false } previous && value.Writing)
            {
                if (previous != _lastPrinted)
                {
                    Print(previous);
                }

                // Writing began after the last line was checked.
                _recent.Clear();
                _recent.Enqueue((_newest.At, 0));
            }

            _last = value;
            var now = Elapsed;
            _newest = (now, Done(value));
            _recent.Enqueue(_newest);
            while (_recent.Count > 2 && now - _recent.Peek().At > RateWindow)
            {
                _recent.Dequeue();
            }

            if (_printedAt is null || now - _printedAt >= PlainInterval)
            {
                Print(value);
            }
        }

        public void Finish()
        {
            if (_last is { } last && last != _lastPrinted)
            {
                Print(last);
            }
        }

        private TimeSpan Elapsed => clock.GetElapsedTime(_started);

        private static long Done(ImportProgress value) => value.Writing ? value.LinesWritten : value.LinesChecked;

        private void Print(ImportProgress value)
        {
            var elapsed = Elapsed;
            (_printedAt, _lastPrinted) = (elapsed, value);
            var done = Done(value);
            var oldest = _recent.Peek();
            var seconds = (_newest.At - oldest.At).TotalSeconds;
            var rate = seconds > 0 ? (_newest.Done - oldest.Done) / seconds : 0;
            var line = value.Writing
                ? string.Create(CultureInfo.InvariantCulture,
                    $"Writing: {done:N0} of {value.TotalLines:N0} lines ({(value.TotalLines == 0 ? 100 : 100 * done / value.TotalLines)}%), {rate:N0}/s, {elapsed.TotalSeconds:N0} s")
                    + (rate > 0 && done < value.TotalLines ? string.Create(CultureInfo.InvariantCulture, $", about {(value.TotalLines - done) / rate:N0} s left") : "")
                : string.Create(CultureInfo.InvariantCulture, $"Checking: {done:N0} lines, {rate:N0}/s, {elapsed.TotalSeconds:N0} s");
            output.WriteLine(line);
        }
    }
}
