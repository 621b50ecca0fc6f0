#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for tests, in a folder of its own (docs/SCALING.md "Tests").
#   throwaway-postgres.sh start DIR   initdb + start on a free port with TLS on (a throwaway CA in DIR/ca.pem signed the
#                                     server's certificate for localhost and 127.0.0.1); prints the admin URL
#                                     (postgres://postgres@127.0.0.1:PORT/postgres)
#   throwaway-postgres.sh stop DIR    stops it (immediate) and removes DIR
# Uses the newest /usr/lib/postgresql/*/bin (Debian's `postgresql` package). initdb refuses to run as root,
# so as root the server runs as the package's `postgres` user. fsync is off: the data is thrown away.
set -euo pipefail
cmd="${1:?start|stop}"
dir="${2:?folder}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "throwaway-postgres: no PostgreSQL server under /usr/lib/postgresql/*/bin: apt-get install postgresql," \
         "or point IILOGS_TEST_POSTGRES_URL at a server where the URL's user may create databases" >&2
    exit 3
fi
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi

case "$cmd" in
start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$dir"
        "${as_pg[@]}" test -w "$dir" || { echo "throwaway-postgres: user postgres cannot reach $dir (a parent folder is private)" >&2; exit 1; }
    fi
    "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # TLS: a throwaway CA and a server certificate signed by it (the store's sslmode tests verify against DIR/ca.pem).
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 2 \
        -subj "/CN=iilogs throwaway PostgreSQL CA" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/server.key" -out "$dir/server.csr" \
        -subj "/CN=localhost" >/dev/null 2>&1
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -out "$dir/server.pem" -days 2 \
        -extfile "$dir/server.ext" >/dev/null 2>&1
    chmod 600 "$dir/server.key"
    chmod 644 "$dir/ca.pem"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir/server.key" "$dir/server.pem"; fi
    for attempt in 1 2 3; do
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        if "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=300 -c ssl=on -c ssl_cert_file=$dir/server.pem -c ssl_key_file=$dir/server.key" start >/dev/null; then
            echo "postgres://postgres@127.0.0.1:${port}/postgres"
            exit 0
        fi
        echo "throwaway-postgres: start on port $port failed (attempt $attempt)" >&2
    done
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
