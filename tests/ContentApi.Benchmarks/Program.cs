using BenchmarkDotNet.Running;
using ContentApi.Benchmarks.Corpus;

// `corpus ...` writes a synthetic newsroom as NDJSON; anything else goes to BenchmarkDotNet
// (for example `-c Release -- --filter '*'`).
return args is ["corpus", .. var rest]
    ? CorpusCommand.Run(rest)
    : RunBenchmarks(args);

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(CorpusCommand).Assembly).Run(args);
    return 0;
}
