# Sourced by run-load.sh and run-soak.sh: installs wrk and sqlite3 if missing (Debian), publishes the service in
# Release, generates the seeded corpus (tests/ContentApi.Benchmarks corpus) and imports it into a SQLite file under
# $BENCH_DIR (reused by later runs with the same size and seed), then starts the service on 127.0.0.1:$PORT with rate
# limits lifted and the response cache on (off for CACHE=off), and stops it when the calling script exits.
# PROVIDER=postgres imports into a PostgreSQL database instead (contentapi_bench_<articles>_<seed>, reused the same
# way) on the server POSTGRES_CONNECTION_STRING names; .ci/with-postgres starts a throwaway one:
#   PROVIDER=postgres bash .ci/with-postgres bash tests/ContentApi.Benchmarks/load/run-load.sh
# With PIN=1 (the default on a machine with two cores or more) the service runs on CPU 0 and everything that loads it
# (wrk, the writer, curl) on CPU 1, so the service's share of the machine is one core, measured against a ceiling
# pinned the same way.
# Sets: $base (the service's address), $db (the database file, or name), $app (the published service), $server (its
# pid), $sample_ids and $sample_slugs (a thousand published articles spread over the corpus, comma-separated), and
# client (a prefix that runs a command on the client's CPU), $key (an editor key), and start_writer / stop_writer (below).
PROVIDER=${PROVIDER:-sqlite}
ARTICLES=${ARTICLES:-100000}
SEED=${SEED:-42}
PORT=${PORT:-5199}
CACHE=${CACHE:-on}
BENCH_DIR=${BENCH_DIR:-/tmp/contentapi-bench}
PIN=${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}
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

if [ "$PIN" = 1 ]; then
  server_cpu=(taskset -c 0)
  client=(taskset -c 1)
else
  server_cpu=()
  client=()
fi

dotnet publish src/ContentApi -c Release -o "$app" --nologo -v quiet
dotnet build tests/ContentApi.Benchmarks -c Release --nologo -v quiet
if [ ! -f "$corpus" ]; then
  dotnet run --project tests/ContentApi.Benchmarks -c Release --no-build -- corpus --articles "$ARTICLES" --seed "$SEED" --out "$corpus"
fi
export Seed__SampleContent=false Logging__LogLevel__Default=Warning
if [ "$PROVIDER" = postgres ]; then
  : "${POSTGRES_CONNECTION_STRING:?PROVIDER=postgres needs a server: run under bash .ci/with-postgres}"
  db="contentapi_bench_${ARTICLES}_${SEED}"
  export Database__Provider=Postgres ConnectionStrings__Content="$POSTGRES_CONNECTION_STRING;Database=$db"
  # psql takes the same server from the Npgsql connection string's Host, Port and Username.
  setting() { tr ';' '\n' <<<"$POSTGRES_CONNECTION_STRING" | sed -n "s/^$1=//Ip"; }
  sql() { psql -h "$(setting Host)" -p "$(setting Port)" -U "$(setting Username)" -d "$db" -Atq -c "$1"; }
  if [ "$(sql 'SELECT count(*) FROM "Articles"' 2>/dev/null || echo 0)" = 0 ]; then
    dotnet "$app/ContentApi.dll" import "$corpus"
  fi
  sample_sql='SELECT "Id", "Slug" FROM "Articles" WHERE "Status" = '"'Published'"' ORDER BY ("Id" * 7919) % 100003 LIMIT 1000'
  sql_rows() { sql "$1" | tr '|' ' '; }
else
  export ConnectionStrings__Content="Data Source=$db"
  if [ ! -f "$db.imported" ]; then
    rm -f "$db" "$db-wal" "$db-shm"
    dotnet "$app/ContentApi.dll" import "$corpus"
    touch "$db.imported"
  fi
  sql() { sqlite3 "$db" "$1"; }
  sample_sql="SELECT Id, Slug FROM Articles WHERE Status = 'Published' ORDER BY (Id * 7919) % 100003 LIMIT 1000"
  sql_rows() { sqlite3 -separator ' ' "$db" "$1"; }
fi

# Rate limits lifted: a million requests per second per caller.
for role in Anonymous Reader Partner Editor Admin; do export "RateLimits__${role}__PermitLimit=1000000" "RateLimits__${role}__WindowSeconds=1"; done
# A thousand published articles spread over the corpus, the same ones every run, for scenarios that go round many articles.
sample_rows=$(sql_rows "$sample_sql")
sample_ids=$(awk '{print $1}' <<<"$sample_rows" | paste -sd, -)
sample_slugs=$(awk '{print $2}' <<<"$sample_rows" | paste -sd, -)

# The writer: with start_writer, an editor key saves a sample article (a merge patch of its standfirst, through the API)
# every $WRITE_INTERVAL seconds until stop_writer; each answer's status goes to $writes_ok (200) or $writes_failed.
WRITE_INTERVAL=${WRITE_INTERVAL:-1}
key=$(dotnet "$app/ContentApi.dll" keys create --role editor --name "benchmark $(date +%s)" | tail -1)
writes_ok="$BENCH_DIR/writes-ok"
writes_failed="$BENCH_DIR/writes-failed"
start_writer() {
  : > "$writes_ok"
  : > "$writes_failed"
  local ids
  IFS=, read -r -a ids <<<"$sample_ids"
  (
    i=0
    while kill -0 "$server" 2>/dev/null; do
      i=$((i + 1))
      id=${ids[RANDOM % ${#ids[@]}]}
      status=$("${client[@]}" curl -s -o /dev/null -w '%{http_code}' -X PATCH "$base/v1/articles/$id" -H "Authorization: Bearer $key" \
        -H 'Content-Type: application/merge-patch+json' --data "{\"standfirst\":\"Saved by the benchmark, $i.\"}" || true)
      if [ "$status" = 200 ]; then echo >> "$writes_ok"; else echo "$status" >> "$writes_failed"; fi
      sleep "$WRITE_INTERVAL"
    done
  ) &
  writer=$!
}
stop_writer() { kill "$writer" 2>/dev/null || true; wait "$writer" 2>/dev/null || true; writer=; }

# The warm-up after each start: $SERVICE_WARMUP (120) seconds of reads going round the sample articles, their related
# lists and two list pages, with a write every half second. The JIT compiles hot code again, optimised, only after it
# has run a while (tiered compilation with profile-guided optimisation): on one core, at 100k articles, a related list
# cost about three times its steady-state CPU for the first 45 s of load, and with writes going on a minute of warm-up
# still left /related's p99 at 31 ms where two minutes gave 7 ms.
SERVICE_WARMUP=${SERVICE_WARMUP:-120}
warmup_lua="$BENCH_DIR/warmup-$ARTICLES-$SEED.lua"
cat > "$warmup_lua" <<LUA
local ids = {$sample_ids}
local lists = {"/v1/articles?limit=25&include=bylines,tags&count=true", "/v1/articles?limit=25&include=bylines,tags&fields=id,slug,headline,bylines,tags"}
local n = 0
request = function()
  n = n + 1
  local id = ids[n % #ids + 1]
  if n % 7 == 0 then return wrk.format("GET", lists[(n / 7) % #lists + 1]) end
  if n % 2 == 0 then return wrk.format("GET", "/v1/articles/" .. id .. "/related") end
  return wrk.format("GET", "/v1/articles/" .. id)
end
LUA
warm_up() {
  [ "$SERVICE_WARMUP" -gt 0 ] || return 0
  local interval=$WRITE_INTERVAL
  WRITE_INTERVAL=0.5
  start_writer
  "${client[@]}" wrk -t1 -c8 -d"${SERVICE_WARMUP}s" -s "$warmup_lua" "$base" >/dev/null
  stop_writer
  WRITE_INTERVAL=$interval
}

# start_service on|off starts it with the response cache on or off and warms it up; stop_service stops it.
start_service() {
  export ResponseCache__Enabled=$([ "$1" = off ] && echo false || echo true)
  "${server_cpu[@]}" dotnet "$app/ContentApi.dll" --urls "$base" &
  server=$!
  for _ in $(seq 1 180); do curl -sf "$base/health/ready" >/dev/null && break; sleep 1; done
  warm_up
}
stop_service() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap 'kill ${server:-} ${writer:-} 2>/dev/null || true' EXIT
start_service "$([ "$CACHE" = off ] && echo off || echo on)"

