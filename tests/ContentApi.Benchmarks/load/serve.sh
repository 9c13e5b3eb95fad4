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
# client (a prefix that runs a command on the client's CPU).
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
# start_service on|off starts it with the response cache on or off; stop_service stops it.
start_service() {
  export ResponseCache__Enabled=$([ "$1" = off ] && echo false || echo true)
  "${server_cpu[@]}" dotnet "$app/ContentApi.dll" --urls "$base" &
  server=$!
  for _ in $(seq 1 180); do curl -sf "$base/health/ready" >/dev/null && break; sleep 1; done
}
stop_service() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
# A thousand published articles spread over the corpus, the same ones every run, for scenarios that go round many articles.
sample_rows=$(sql_rows "$sample_sql")
sample_ids=$(awk '{print $1}' <<<"$sample_rows" | paste -sd, -)
sample_slugs=$(awk '{print $2}' <<<"$sample_rows" | paste -sd, -)
start_service "$([ "$CACHE" = off ] && echo off || echo on)"
trap 'kill $server 2>/dev/null || true' EXIT
