using BenchmarkDotNet.Running;
using ContentApi.Benchmarks.Charts;
using ContentApi.Benchmarks.Corpus;
using ContentApi.Benchmarks.Load;
using ContentApi.Benchmarks.Related;
using ContentApi.Benchmarks.Reliability;

// `corpus ...` writes a synthetic newsroom as NDJSON; `related-latency ...` times related-article queries
// one by one (median, p95, p99); `evaluate-related ...` scores their ranking against planted ground truth;
// `crash-test ...` kills the service mid-write and checks nothing acknowledged was lost;
// `ceiling ...` serves fixed bytes from bare Kestrel, the load script's measure of the framework's ceiling;
// `chart load|soak RESULTS.tsv OUTPUT.svg` draws what run-load.sh or run-soak.sh measured;
// anything else goes to BenchmarkDotNet (for example `-c Release -- --filter '*'`).
return args switch
{
    ["corpus", .. var rest] => CorpusCommand.Run(rest),
    ["related-latency", .. var rest] => RelatedLatencyCommand.Run(rest),
    ["evaluate-related", .. var rest] => RelatedEvaluation.Run(rest),
    ["tune-reuters", .. var rest] => ReutersTuning.Run(rest),
    ["evaluate-reuters", .. var rest] => await ReutersEvaluation.RunAsync(rest),
    ["crash-test", .. var rest] => await CrashTestCommand.RunAsync(rest),
    ["ceiling", .. var rest] => await CeilingCommand.RunAsync(rest),
    ["chart", .. var rest] => ChartCommand.Run(rest),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(CorpusCommand).Assembly).Run(args);
    return 0;
}
