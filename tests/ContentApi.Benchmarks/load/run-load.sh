#!/usr/bin/env bash
# HTTP load benchmark of the hot read paths, with wrk, against the service on loopback.
#
#   bash tests/ContentApi.Benchmarks/load/run-load.sh            # 100,000 articles: cache on and off, with and without writes
#   ARTICLES=10000 DURATION=10 bash tests/ContentApi.Benchmarks/load/run-load.sh
#   CACHE=off WRITES=off bash tests/ContentApi.Benchmarks/load/run-load.sh    # one table: uncached, no writes
#   PROVIDER=postgres bash .ci/with-postgres bash tests/ContentApi.Benchmarks/load/run-load.sh   # on a throwaway PostgreSQL
#
# It sets up and starts the service as serve.sh says (wrk, the published service, the seeded corpus imported into a
# SQLite file under $BENCH_DIR, rate limits lifted, the service pinned to one core and the load to the other). It first
# measures the ceiling: bare Kestrel (tests/ContentApi.Benchmarks ceiling) answering with an article's bytes from
# memory, pinned the same way. After each start of the service it warms it up (serve.sh's SERVICE_WARMUP, then every
# scenario for $SCENARIO_WARMUP seconds with writes). Then, for each table asked for, each scenario for $WARMUP seconds unmeasured and
# $DURATION seconds measured with $CONNECTIONS connections, printing requests/s, p50/p99 latency, the share of the
# ceiling, the service's CPU per request (its user and system time over the measured seconds divided by the requests
# served: the writes' included when writes are on, PostgreSQL's not), and at the end the service's resident memory:
#   CACHE=both (default): response cache on (the default service), then off (ResponseCache:Enabled false: every
#     request computed), restarting the service in between; on or off for one;
#   WRITES=both (default): without writes, then with an editor key saving one article a second (a merge patch of a
#     sample article's standfirst, through the API) during every scenario; off or on for one.
# Scenarios that go round many URLs (1,000 articles, the 20 most used tags, bylines and entities) use wrk's Lua hook;
# each of their URLs is asked for once before the warm-up, so with the cache on the measured seconds are the steady
# state. Traffic goes to loopback only.
# Every measured row also goes to $BENCH_DIR/load-<articles>-<provider>.tsv, and at the end the benchmark project's
# `chart load` draws it next to it as load-<articles>-<provider>.svg (requests/s per scenario, cache on and off side by
# side, against the ceiling).
set -euo pipefail
cd "$(dirname "$0")/../../.."

CEILING_PORT=${CEILING_PORT:-5198}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
CACHE=${CACHE:-both}
WRITES=${WRITES:-both}
source tests/ContentApi.Benchmarks/load/serve.sh

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# Scenario targets, taken from the corpus as served: the most used tag (on about half the articles, the worst case),
# the 20 most used tags, bylines and entities, an article.
top() { curl -sf "$base/v1/$1?sort=articles&limit=20" | json '"\n".join(i["slug"] for i in d["items"])'; }
tag=$(top tags | sed -n 1p)
article=$(curl -sf "$base/v1/articles?limit=1&tag=$tag" | json 'd["items"][0]["slug"]')
word=$(curl -sf "$base/v1/articles/$article" | json 'd["entities"][0]["name"].split()[-1].lower()')
# A page deep in the newest-first cursor chain: follow next 200 times (4,000 articles in).
deep="/v1/articles?limit=20"
for _ in $(seq 1 200); do deep=$(curl -sf "$base$deep" | json 'd["next"]'); done

shape="limit=25&include=bylines,tags&fields=id,slug,headline,standfirst,publishedAt,bylines,tags&count=true"
# A Lua script that asks for the lines of a file in turn.
rotation() {
  local name=$1 file="$BENCH_DIR/$1-$ARTICLES-$SEED.paths"
  cat > "$file"
  printf 'local paths = {}\nfor line in io.lines("%s") do paths[#paths + 1] = line end\nlocal n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format("GET", paths[n %% #paths + 1])\nend\n' "$file" > "$BENCH_DIR/$name-$ARTICLES-$SEED.lua"
  echo "$BENCH_DIR/$name-$ARTICLES-$SEED.lua"
}
# Each line of standard input put into a format (printf's %s), one per line.
each() { while read -r item; do printf "$1\n" "$item"; done; }
articles_lua=$(tr ',' '\n' <<<"$sample_slugs" | each '/v1/articles/%s' | rotation articles)
related_lua=$(tr ',' '\n' <<<"$sample_ids" | each '/v1/articles/%s/related' | rotation related)
tags_lua=$(top tags | each "/v1/articles?$shape&tag=%s" | rotation tags)
tag_pages_lua=$(top tags | each "/v1/tags/%s/articles?$shape" | rotation tag-pages)
bylines_lua=$(top bylines | each "/v1/bylines/%s/articles?$shape" | rotation bylines)
entities_lua=$(top entities | each "/v1/entities/%s/articles?$shape" | rotation entities)

scenarios=(
  "article by slug|/v1/articles/$article"
  "article (1,000 slugs in turn)|/v1/articles/$article|$articles_lua"
  "newest 25, include+fields+count|/v1/articles?$shape"
  "newest 25, include+count|/v1/articles?limit=25&include=bylines,tags&count=true"
  "by tag (20 in turn), incl+fields+count|/v1/articles?$shape&tag=$tag|$tags_lua"
  "tag pages (20 in turn)|/v1/tags/$tag/articles?$shape|$tag_pages_lua"
  "byline pages (20 in turn)|/v1/articles?$shape|$bylines_lua"
  "entity pages (20 in turn)|/v1/articles?$shape|$entities_lua"
  "deep page (4,000 in)|$deep"
  "facets for a tag (top)|/v1/articles?tag=$tag&limit=1&facets=tag,section,byline,entity"
  "related (1,000 articles in turn)|/v1/articles/$article/related|$related_lua"
  "search ($word)|/v1/articles?q=$word"
)

# One measured run: prints "req/s p50 p99" (milliseconds) for a URL, after an unmeasured warm-up (the JIT's
# tiering promotes each path's code after its first few hundred calls).
ms() { python3 -c "v='$1'; print(f'{float(v[:-2]) if v.endswith(\"ms\") else float(v[:-2])/1000 if v.endswith(\"us\") else float(v[:-1])*1000:.2f}')"; }
# CPU time (user and system) a process has used so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Prints requests/s, p50 and p99 (ms), and the CPU the process $3 (the service by default) spent per request (ms):
# throughput moves from run to run with the machine, CPU per request much less.
measure() {
  local url=$1 script=${2:-} pid=${3:-$server} out before after
  "${client[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" ${script:+-s "$script"} "$url" >/dev/null
  before=$(cpu_ticks "$pid")
  out=$("${client[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency ${script:+-s "$script"} "$url")
  after=$(cpu_ticks "$pid")
  if grep -q 'Non-2xx' <<<"$out"; then echo "$url: $(grep 'Non-2xx' <<<"$out")" >&2; fi
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(ms "$(awk '$1=="50%" {print $2}' <<<"$out")") $(ms "$(awk '$1=="99%" {print $2}' <<<"$out")")" \
    "$(python3 -c "print(f'{($after - $before) * 1000 / $(getconf CLK_TCK) / max(1, $(awk '/requests in/ {print $1}' <<<"$out")):.3f}')")"
}

# The ceiling: bare Kestrel answering every request with the article's JSON bytes from memory, measured the same way.
curl -sf -o "$BENCH_DIR/ceiling.json" "$base/v1/articles/$article"
"${server_cpu[@]}" dotnet tests/ContentApi.Benchmarks/bin/Release/net10.0/ContentApi.Benchmarks.dll ceiling --port "$CEILING_PORT" --body "$BENCH_DIR/ceiling.json" &
ceiling=$!
trap 'kill $server $ceiling ${writer:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$CEILING_PORT/" && break; sleep 1; done
read -r ceiling_rps ceiling_p50 ceiling_p99 ceiling_cpu < <(measure "http://127.0.0.1:$CEILING_PORT/" "" "$ceiling")
kill $ceiling 2>/dev/null || true

table() {
  local cache=$1 writes=$2
  printf '\n%s articles on %s, %s s per scenario, %s connections, response cache %s, %s\n' "$ARTICLES" "$PROVIDER" "$DURATION" "$CONNECTIONS" "$cache" \
    "$([ "$writes" = on ] && echo "an editor saving one article every $WRITE_INTERVAL s" || echo "no writes")"
  printf '%-40s %10s %10s %10s %12s %14s\n' scenario 'req/s' 'p50 ms' 'p99 ms' 'of ceiling' 'CPU ms/req'
  printf '%-40s %10s %10s %10s %12s %14s\n' "bare Kestrel, same bytes (ceiling)" "$ceiling_rps" "$ceiling_p50" "$ceiling_p99" "100%" "$ceiling_cpu"
  [ "$writes" = on ] && start_writer
  for scenario in "${scenarios[@]}"; do
    IFS='|' read -r name path script <<<"$scenario"
    curl -sf -o /dev/null "$base$path" || { echo "$name: $path does not answer 200" >&2; exit 1; }
    if [ -n "$script" ]; then sed -n 's/^local paths.*io.lines("\(.*\)").*/\1/p' "$script" | xargs cat | xargs -P 4 -I{} curl -sf -o /dev/null "$base{}"; fi
    read -r rps p50 p99 cpu < <(measure "$base$path" "$script")
    share=$(python3 -c "print(f'{100 * $rps / $ceiling_rps:.1f}%')")
    printf '%-40s %10s %10s %10s %12s %14s\n' "$name" "$rps" "$p50" "$p99" "$share" "$cpu"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cache" "$writes" "$name" "$rps" "$p50" "$p99" "$ceiling_rps" "$cpu" >> "$results"
  done
  [ "$writes" = on ] && stop_writer
  printf 'resident memory of the service: %s MiB\n' "$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server/status")"
}

# After each start (and serve.sh's warm-up), every scenario once for $SCENARIO_WARMUP seconds, unmeasured, with the
# writer on: otherwise the first table measures the JIT compiling the paths serve.sh's warm-up did not take.
SCENARIO_WARMUP=${SCENARIO_WARMUP:-5}
warm_scenarios() {
  start_writer
  for scenario in "${scenarios[@]}"; do
    IFS='|' read -r _ path script <<<"$scenario"
    "${client[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SCENARIO_WARMUP}s" ${script:+-s "$script"} "$base$path" >/dev/null
  done
  stop_writer
}

results="$BENCH_DIR/load-$ARTICLES-$PROVIDER.tsv"
printf 'cache\twrites\tscenario\trps\tp50_ms\tp99_ms\tceiling_rps\tcpu_ms\n' > "$results"
modes() { case "$1" in both) echo "$2 $3" ;; *) echo "$1" ;; esac; }
first=1
for cache in $(modes "$CACHE" on off); do
  if [ $first = 0 ] || [ "$cache" != on ]; then stop_service; start_service "$cache"; fi
  first=0
  warm_scenarios
  for writes in $(modes "$WRITES" off on); do
    table "$cache" "$writes"
  done
done
dotnet tests/ContentApi.Benchmarks/bin/Release/net10.0/ContentApi.Benchmarks.dll chart load "$results" "${results%.tsv}.svg"
