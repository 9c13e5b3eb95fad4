#!/usr/bin/env bash
# HTTP load benchmark of the hot read paths, with wrk, against the service on loopback.
#
#   bash tests/ContentApi.Benchmarks/load/run-load.sh            # 100,000 articles (default)
#   ARTICLES=10000 DURATION=10 bash tests/ContentApi.Benchmarks/load/run-load.sh
#   CACHE=off bash tests/ContentApi.Benchmarks/load/run-load.sh  # every request computed (ResponseCache:Enabled=false)
#
# It installs wrk and sqlite3 if missing (Debian), publishes the service in Release, generates the seeded corpus
# (tests/ContentApi.Benchmarks corpus) and imports it into a SQLite file under $BENCH_DIR (reused by
# later runs with the same size and seed), starts the service on 127.0.0.1:$PORT with rate limits
# lifted, runs each scenario for $WARMUP seconds unmeasured and then $DURATION seconds with $CONNECTIONS connections, prints requests/s
# and p50/p99 latency per scenario, and stops the service. First it measures the ceiling the same way: bare Kestrel
# (tests/ContentApi.Benchmarks ceiling) answering with the article's bytes from memory on $CEILING_PORT; each
# scenario's requests/s is also printed as a share of it. Traffic goes to loopback only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

ARTICLES=${ARTICLES:-100000}
SEED=${SEED:-42}
PORT=${PORT:-5199}
CEILING_PORT=${CEILING_PORT:-5198}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-3}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
CACHE=${CACHE:-on}
BENCH_DIR=${BENCH_DIR:-/tmp/contentapi-bench}
corpus="$BENCH_DIR/corpus-$ARTICLES-$SEED.ndjson"
db="$BENCH_DIR/content-$ARTICLES-$SEED.db"
app="$BENCH_DIR/app"
base="http://127.0.0.1:$PORT"
mkdir -p "$BENCH_DIR"

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}..."
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

dotnet publish src/ContentApi -c Release -o "$app" --nologo -v quiet
dotnet build tests/ContentApi.Benchmarks -c Release --nologo -v quiet
if [ ! -f "$corpus" ]; then
  dotnet run --project tests/ContentApi.Benchmarks -c Release --no-build -- corpus --articles "$ARTICLES" --seed "$SEED" --out "$corpus"
fi
export ConnectionStrings__Content="Data Source=$db" Seed__SampleContent=false Logging__LogLevel__Default=Warning
if [ ! -f "$db.imported" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  dotnet "$app/ContentApi.dll" import "$corpus"
  touch "$db.imported"
fi

# Rate limits lifted: a million requests per second per caller.
for role in Anonymous Reader Partner Editor Admin; do export "RateLimits__${role}__PermitLimit=1000000" "RateLimits__${role}__WindowSeconds=1"; done
export ResponseCache__Enabled=$([ "$CACHE" = off ] && echo false || echo true)
dotnet "$app/ContentApi.dll" --urls "$base" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "$base/health" >/dev/null && break; sleep 1; done

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
# each is computed once and then answered from memory; CACHE=off measures computing every one.
related="$BENCH_DIR/related-$ARTICLES-$SEED.lua"
{
  printf 'local ids = {%s}\n' "$(sqlite3 "$db" "SELECT Id FROM Articles WHERE Status = 'Published' ORDER BY (Id * 7919) % 100003 LIMIT 1000" | paste -sd, -)"
  printf 'local next = 0\nrequest = function()\n  next = next + 1\n  return wrk.format("GET", "/v1/articles/" .. ids[next %% #ids + 1] .. "/related")\nend\n'
} > "$related"
related_first=$(sqlite3 "$db" "SELECT Id FROM Articles WHERE Status = 'Published' ORDER BY (Id * 7919) % 100003 LIMIT 1")

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

printf '\n%s articles, %s s per scenario, %s connections, %s threads, response cache %s\n' "$ARTICLES" "$DURATION" "$CONNECTIONS" "$THREADS" "$CACHE"
printf '%-34s %10s %10s %10s %12s\n' scenario 'req/s' 'p50 ms' 'p99 ms' 'of ceiling'
printf '%-34s %10s %10s %10s %12s\n' "bare Kestrel, same bytes (ceiling)" "$ceiling_rps" "$ceiling_p50" "$ceiling_p99" "100%"
for scenario in "${scenarios[@]}"; do
  IFS='|' read -r name path script <<<"$scenario"
  curl -sf -o /dev/null "$base$path" || { echo "$name: $path does not answer 200" >&2; exit 1; }
  read -r rps p50 p99 < <(measure "$base$path" "$script")
  share=$(python3 -c "print(f'{100 * $rps / $ceiling_rps:.0f}%')")
  printf '%-34s %10s %10s %10s %12s\n' "$name" "$rps" "$p50" "$p99" "$share"
done
