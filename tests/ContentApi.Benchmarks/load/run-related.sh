#!/usr/bin/env bash
# HTTP latency of the relatedness paths, uncached, with wrk, against the service on loopback:
#   - GET /v1/articles/{id}/related for a thousand published articles in turn (a different one per request);
#   - POST /v1/articles/suggestions (editor key) with two hundred drafts in turn: the headline, standfirst and body of
#     articles of the corpus, as an editor's whole draft (the most text a call reads).
#
#   bash tests/ContentApi.Benchmarks/load/run-related.sh                 # 100,000 articles
#   ARTICLES=10000 DURATION=10 CONNECTIONS=8 bash tests/ContentApi.Benchmarks/load/run-related.sh
#
# Set up as serve.sh says (the seeded corpus imported into SQLite under $BENCH_DIR, rate limits lifted), with the
# response cache off so every request is computed. Each scenario runs $WARMUP (30) seconds unmeasured, then $DURATION
# seconds with $CONNECTIONS connections (default 2, one per core of a small machine: the figures are a request's own
# latency, not a queue's), and prints requests/s and p50/p90/p99. With WRITES=on (the default) an editor saves one
# article every $WRITE_INTERVAL (1) seconds meanwhile, as in run-load.sh; WRITES=off for none. Traffic goes to loopback only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-2}
THREADS=${THREADS:-2}
CACHE=off
WRITES=${WRITES:-on}
source tests/ContentApi.Benchmarks/load/serve.sh


related="$BENCH_DIR/related-$ARTICLES-$SEED.lua"
{
  printf 'local ids = {%s}\n' "$sample_ids"
  printf 'local next = 0\nrequest = function()\n  next = next + 1\n  return wrk.format("GET", "/v1/articles/" .. ids[next %% #ids + 1] .. "/related")\nend\n'
} > "$related"

# Drafts: every 500th article of the corpus file, as the suggestions request takes it.
suggestions="$BENCH_DIR/suggestions-$ARTICLES-$SEED.lua"
python3 - "$corpus" "$key" > "$suggestions" <<'PY'
import json, sys
drafts = []
with open(sys.argv[1]) as corpus:
    articles = (json.loads(line) for line in corpus if '"record": "article"' in line or '"record":"article"' in line)
    for i, a in enumerate(articles):
        if i % 500 == 0:
            drafts.append(json.dumps({"headline": a["headline"], "standfirst": a.get("standfirst"), "body": a["body"], "language": a.get("language", "en")}))
print("local bodies = {")
for d in drafts:
    print("  " + json.dumps(d) + ",")
print("}")
print('wrk.method = "POST"')
print('wrk.headers["Content-Type"] = "application/json"')
print('wrk.headers["Authorization"] = "Bearer %s"' % sys.argv[2])
print("local next = 0\nrequest = function()\n  next = next + 1\n  return wrk.format(nil, \"/v1/articles/suggestions\", nil, bodies[next % #bodies + 1])\nend")
PY

ms() { python3 -c "v='$1'; print(f'{float(v[:-2]) if v.endswith(\"ms\") else float(v[:-2])/1000 if v.endswith(\"us\") else float(v[:-1])*1000:.2f}')"; }
measure() {
  local script=$1 out
  "${client[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$script" "$base" >/dev/null
  out=$("${client[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "$base")
  if grep -q 'Non-2xx' <<<"$out"; then echo "$(grep 'Non-2xx' <<<"$out")" >&2; fi
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(ms "$(awk '$1=="50%" {print $2}' <<<"$out")") $(ms "$(awk '$1=="90%" {print $2}' <<<"$out")") $(ms "$(awk '$1=="99%" {print $2}' <<<"$out")")"
}

printf '\n%s articles on %s, response cache off, %s, %s s per scenario, %s connections, %s threads; load average %s\n' \
  "$ARTICLES" "$PROVIDER" "$([ "$WRITES" = on ] && echo "an editor saving one article every $WRITE_INTERVAL s" || echo "no writes")" \
  "$DURATION" "$CONNECTIONS" "$THREADS" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %10s %10s %10s %10s\n' scenario 'req/s' 'p50 ms' 'p90 ms' 'p99 ms'
[ "$WRITES" = on ] && start_writer
for scenario in "related, 1,000 articles in turn|$related" "suggestions, 200 whole drafts in turn|$suggestions"; do
  IFS='|' read -r name script <<<"$scenario"
  read -r rps p50 p90 p99 < <(measure "$script")
  printf '%-44s %10s %10s %10s %10s\n' "$name" "$rps" "$p50" "$p90" "$p99"
done
if [ "$WRITES" = on ]; then
  stop_writer
  printf 'Writes: %s saved, %s failed\n' "$(wc -l < "$writes_ok")" "$(wc -l < "$writes_failed")"
fi
printf 'Load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
