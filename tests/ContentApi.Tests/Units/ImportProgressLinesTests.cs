using ContentApi.Cli;
using ContentApi.Transfer;
using Microsoft.Extensions.Time.Testing;

namespace ContentApi.Tests.Units;

/// <summary>The plain progress lines of an import: their rate and time left follow the recent lines, not the pass's average.</summary>
public sealed class ImportProgressLinesTests
{
    [Fact]
    public void TimeLeft_FollowsTheRecentRate_WhenFastReferenceLinesCameFirst()
    {
        const long total = 20_000;
        var clock = new FakeTimeProvider();
        var output = new StringWriter();
        var lines = new ImportProgressDisplay.PlainLines(output, clock);
        lines.Report(new ImportProgress(total, 0, total, Writing: false));
        lines.Report(new ImportProgress(total, 0, total, Writing: true));

        // 10,000 bylines, tags and entities in 5 s, then articles at 100 a second for a minute.
        clock.Advance(TimeSpan.FromSeconds(5));
        long written = 10_000;
        lines.Report(new ImportProgress(total, written, total, Writing: true));
        for (var second = 0; second < 60; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            written += 100;
            lines.Report(new ImportProgress(total, written, total, Writing: true));
        }

        // 4,000 lines left at 100 a second: 40 s, where the pass's average (about 246 a second) would say 16.
        var last = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Equal("Writing: 16,000 of 20,000 lines (80%), 100/s, 65 s, about 40 s left", last);
    }

    [Fact]
    public void Lines_ComeEveryFewSeconds_AndAtTheEnd_WithTheWritingRateFromTheEndOfChecking()
    {
        var clock = new FakeTimeProvider();
        var output = new StringWriter();
        var lines = new ImportProgressDisplay.PlainLines(output, clock);
        for (var checkedLines = 500; checkedLines <= 3_000; checkedLines += 500)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            lines.Report(new ImportProgress(checkedLines, 0, 3_000, Writing: false));
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        lines.Report(new ImportProgress(3_000, 1_000, 3_000, Writing: true));
        clock.Advance(TimeSpan.FromSeconds(1));
        lines.Report(new ImportProgress(3_000, 3_000, 3_000, Writing: true));
        lines.Finish();

        Assert.Equal(
            [
                "Checking: 500 lines, 500/s, 1 s",
                "Checking: 3,000 lines, 500/s, 6 s",
                "Writing: 3,000 of 3,000 lines (100%), 1,500/s, 8 s",
            ],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
