#!/usr/bin/env bash
# Soak test: mixed reads against the service on loopback, first for $BASELINE_MINUTES minutes with no writes, then for
# $MINUTES minutes while an editor writes, printing minute by minute the reads' requests/s and p50/p99 latency, the
# writes done and failed, and the service's resident memory, so drifts show; then the writing run's reads/s against the
# baseline's.
#
#   bash tests/ContentApi.Benchmarks/load/run-soak.sh              # 2 + 10 minutes over 100,000 articles, cache on
#   MINUTES=3 BASELINE_MINUTES=1 ARTICLES=10000 bash tests/ContentApi.Benchmarks/load/run-soak.sh
#   CACHE=off bash tests/ContentApi.Benchmarks/load/run-soak.sh    # every read computed
#
# The service is set up and started as serve.sh says (pinned to one core, the load to the other). Reads: wrk with
# $CONNECTIONS connections cycling through a thousand articles, their related articles, the newest page, a tag's page
# and a search. Writes: serve.sh's writer, an editor key saving a random one of those articles (a merge patch of its
# standfirst) every $WRITE_INTERVAL (0.2) seconds, as in a newsroom.
# Every minute's line also goes to $BENCH_DIR/soak-<articles>-cache-<on|off>.tsv, and at the end the benchmark
# project's `chart soak` draws it next to it as soak-<articles>-cache-<on|off>.svg (reads/s, p99 and memory per minute).
set -euo pipefail
cd "$(dirname "$0")/../../.."

MINUTES=${MINUTES:-10}
BASELINE_MINUTES=${BASELINE_MINUTES:-2}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
WRITE_INTERVAL=${WRITE_INTERVAL:-0.2}
source tests/ContentApi.Benchmarks/load/serve.sh

tag=$(curl -sf "$base/v1/tags?sort=articles&limit=1" | python3 -c "import json,sys; print(json.load(sys.stdin)['items'][0]['slug'])")
reads="$BENCH_DIR/soak-reads.lua"
cat > "$reads" <<LUA
local ids = {$sample_ids}
local others = {"/v1/articles", "/v1/articles?tag=$tag", "/v1/articles?q=minister"}
local n = 0
request = function()
  n = n + 1
  local id = ids[n % #ids + 1]
  if n % 5 == 0 then return wrk.format("GET", others[(n / 5) % #others + 1]) end
  if n % 2 == 0 then return wrk.format("GET", "/v1/articles/" .. id .. "/related") end
  return wrk.format("GET", "/v1/articles/" .. id)
end
LUA

ms() { python3 -c "v='$1'; print(f'{float(v[:-2]) if v.endswith(\"ms\") else float(v[:-2])/1000 if v.endswith(\"us\") else float(v[:-1])*1000:.2f}')"; }
# Runs the read mix minute by minute; prints a line a minute and leaves the mean reads/s in $mean_rps.
results="$BENCH_DIR/soak-$ARTICLES-cache-$CACHE.tsv"
printf 'phase\tminute\trps\tp50_ms\tp99_ms\twrites_ok\twrites_failed\trss_mib\n' > "$results"
run() {
  local phase=$1 minutes=$2 total=0 p50 p99
  printf '%6s %10s %10s %10s %12s %14s %10s\n' minute 'reads/s' 'p50 ms' 'p99 ms' 'writes ok' 'writes failed' 'RSS MiB'
  for minute in $(seq 1 "$minutes"); do
    out=$("${client[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d60s --latency -s "$reads" "$base")
    if grep -q 'Non-2xx' <<<"$out"; then echo "minute $minute: $(grep 'Non-2xx' <<<"$out")" >&2; fi
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    total=$(python3 -c "print($total + $rps)")
    rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server/status")
    p50=$(ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
    p99=$(ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
    printf '%6s %10s %10s %10s %12s %14s %10s\n' "$minute" "$rps" "$p50" "$p99" "$(wc -l < "$writes_ok")" "$(wc -l < "$writes_failed")" "$rss"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$minute" "$rps" "$p50" "$p99" "$(wc -l < "$writes_ok")" "$(wc -l < "$writes_failed")" "$rss" >> "$results"
  done
  mean_rps=$(python3 -c "print(round($total / $minutes, 1))")
}

printf '\n%s articles, %s connections, response cache %s: baseline, %s minutes with no writes\n' "$ARTICLES" "$CONNECTIONS" "$CACHE" "$BASELINE_MINUTES"
# The counts start at zero: serve.sh's warm-up wrote to the same files.
: > "$writes_ok"
: > "$writes_failed"
run baseline "$BASELINE_MINUTES"
baseline=$mean_rps
printf '\nthe same, %s minutes with a write every %s s\n' "$MINUTES" "$WRITE_INTERVAL"
start_writer
run writes "$MINUTES"
printf '\nmean reads/s: %s without writes, %s with them (%s%%)\n' "$baseline" "$mean_rps" "$(python3 -c "print(round(100 * $mean_rps / $baseline, 1))")"
dotnet tests/ContentApi.Benchmarks/bin/Release/net10.0/ContentApi.Benchmarks.dll chart soak "$results" "${results%.tsv}.svg"
