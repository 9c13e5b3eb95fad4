#!/usr/bin/env bash
# HTTP load benchmark of the hot read paths, with wrk, against the service on loopback.
#
#   bash tests/ContentApi.Benchmarks/load/run-load.sh            # 100,000 articles, cached and then uncached
#   ARTICLES=10000 DURATION=10 bash tests/ContentApi.Benchmarks/load/run-load.sh
#   CACHE=on bash tests/ContentApi.Benchmarks/load/run-load.sh   # only the cached paths (CACHE=off: only uncached)
#   PROVIDER=postgres bash .ci/with-postgres bash tests/ContentApi.Benchmarks/load/run-load.sh   # on a throwaway PostgreSQL
#
# It sets up and starts the service as serve.sh says (wrk, the published service, the seeded corpus imported
# into a SQLite file under $BENCH_DIR, rate limits lifted), runs each scenario for $WARMUP seconds unmeasured and then $DURATION seconds with $CONNECTIONS connections, prints requests/s
# and p50/p99 latency per scenario, and stops the service. First it measures the ceiling the same way: bare Kestrel
# (tests/ContentApi.Benchmarks ceiling) answering with the article's bytes from memory on $CEILING_PORT; each
# scenario's requests/s is also printed as a share of it. Traffic goes to loopback only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

CEILING_PORT=${CEILING_PORT:-5198}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-3}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
# both: every scenario with the response cache on (the default service), then again with it off (ResponseCache:Enabled
# false: every request computed), restarting the service in between.
CACHE=${CACHE:-both}
source tests/ContentApi.Benchmarks/load/serve.sh

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# Scenario targets, taken from the corpus as served: the most used tag (on about half the articles,
# the worst case) and the 100th (under 1%), the busiest byline, an article.
tag=$(curl -sf "$base/v1/tags?sort=articles&limit=1" | json 'd["items"][0]["slug"]')
tag100=$(curl -sf "$base/v1/tags?sort=articles&limit=1&cursor=$(printf 'id:99' | base64 | tr '+/' '-_' | tr -d '=')" | json 'd["items"][0]["slug"]')
byline=$(curl -sf "$base/v1/bylines?sort=articles&limit=1" | json 'd["items"][0]["slug"]')
article=$(curl -sf "$base/v1/articles?limit=1&tag=$tag" | json 'd["items"][0]["slug"]')
word=$(curl -sf "$base/v1/articles/$article" | json 'd["entities"][0]["name"].split()[-1].lower()')
# A page deep in the newest-first cursor chain: follow next 200 times (4,000 articles in).
deep="/v1/articles?limit=20"
for _ in $(seq 1 200); do deep=$(curl -sf "$base$deep" | json 'd["next"]'); done

# Related articles for a thousand published articles spread over the corpus, a different one per request
# (wrk's Lua hook), so no single answer stays warm in SQLite's or the CPU's caches. With the response cache on,
# each is computed once and then answered from memory; CACHE=off measures computing every one. Each is asked for
# once before the scenario's warm-up, so that with the cache on the measured seconds are the steady state.
related="$BENCH_DIR/related-$ARTICLES-$SEED.lua"
{
  printf 'local ids = {%s}\n' "$sample_ids"
  printf 'local next = 0\nrequest = function()\n  next = next + 1\n  return wrk.format("GET", "/v1/articles/" .. ids[next %% #ids + 1] .. "/related")\nend\n'
} > "$related"
related_first=${sample_ids%%,*}

scenarios=(
  "article by slug with includes|/v1/articles/$article"
  "newest page 1|/v1/articles"
  "deep page (4,000 in)|$deep"
  "filter by tag (top)|/v1/articles?tag=$tag"
  "filter by tag (100th)|/v1/articles?tag=$tag100"
  "tag (top) + byline|/v1/articles?tag=$tag&byline=$byline"
  "search ($word)|/v1/articles?q=$word"
  "facets for a tag (top)|/v1/articles?tag=$tag&limit=1&facets=tag,section,byline,entity"
  "facets for a tag (100th)|/v1/articles?tag=$tag100&limit=1&facets=tag,section,byline,entity"
  "related (1,000 articles in turn)|/v1/articles/$related_first/related|$related"
)

# One measured run: prints "req/s p50 p99" (milliseconds) for a URL, after an unmeasured warm-up (the JIT's
# tiering promotes each path's code after its first few hundred calls).
ms() { python3 -c "v='$1'; print(f'{float(v[:-2]) if v.endswith(\"ms\") else float(v[:-2])/1000 if v.endswith(\"us\") else float(v[:-1])*1000:.2f}')"; }
measure() {
  local url=$1 script=${2:-} out
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" ${script:+-s "$script"} "$url" >/dev/null
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency ${script:+-s "$script"} "$url")
  if grep -q 'Non-2xx' <<<"$out"; then echo "$url: $(grep 'Non-2xx' <<<"$out")" >&2; fi
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(ms "$(awk '$1=="50%" {print $2}' <<<"$out")") $(ms "$(awk '$1=="99%" {print $2}' <<<"$out")")"
}

# The ceiling: bare Kestrel answering every request with the article's JSON bytes from memory, measured the same way.
curl -sf -o "$BENCH_DIR/ceiling.json" "$base/v1/articles/$article"
dotnet tests/ContentApi.Benchmarks/bin/Release/net10.0/ContentApi.Benchmarks.dll ceiling --port "$CEILING_PORT" --body "$BENCH_DIR/ceiling.json" &
ceiling=$!
trap 'kill $server $ceiling 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$CEILING_PORT/" && break; sleep 1; done
read -r ceiling_rps ceiling_p50 ceiling_p99 < <(measure "http://127.0.0.1:$CEILING_PORT/")
kill $ceiling 2>/dev/null || true

table() {
  printf '\n%s articles on %s, %s s per scenario, %s connections, %s threads, response cache %s\n' "$ARTICLES" "$PROVIDER" "$DURATION" "$CONNECTIONS" "$THREADS" "$1"
  printf '%-34s %10s %10s %10s %12s\n' scenario 'req/s' 'p50 ms' 'p99 ms' 'of ceiling'
  printf '%-34s %10s %10s %10s %12s\n' "bare Kestrel, same bytes (ceiling)" "$ceiling_rps" "$ceiling_p50" "$ceiling_p99" "100%"
  for scenario in "${scenarios[@]}"; do
    IFS='|' read -r name path script <<<"$scenario"
    curl -sf -o /dev/null "$base$path" || { echo "$name: $path does not answer 200" >&2; exit 1; }
    if [ -n "$script" ]; then tr ',' '\n' <<<"$sample_ids" | xargs -P "$CONNECTIONS" -I{} curl -sf -o /dev/null "$base/v1/articles/{}/related"; fi
    read -r rps p50 p99 < <(measure "$base$path" "$script")
    share=$(python3 -c "print(f'{100 * $rps / $ceiling_rps:.0f}%')")
    printf '%-34s %10s %10s %10s %12s\n' "$name" "$rps" "$p50" "$p99" "$share"
  done
}

case "$CACHE" in
  both) table on; stop_service; start_service off; table off ;;
  *) table "$CACHE" ;;
esac
