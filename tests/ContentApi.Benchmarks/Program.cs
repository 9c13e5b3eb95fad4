using BenchmarkDotNet.Running;
using ContentApi.Benchmarks.Corpus;
using ContentApi.Benchmarks.Related;

// `corpus ...` writes a synthetic newsroom as NDJSON; `related-latency ...` times related-article queries
// one by one (median, p95, p99); `evaluate-related ...` scores their ranking against planted ground truth;
// anything else goes to BenchmarkDotNet (for example `-c Release -- --filter '*'`).
return args switch
{
    ["corpus", .. var rest] => CorpusCommand.Run(rest),
    ["related-latency", .. var rest] => RelatedLatencyCommand.Run(rest),
    ["evaluate-related", .. var rest] => RelatedEvaluation.Run(rest),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(CorpusCommand).Assembly).Run(args);
    return 0;
}
