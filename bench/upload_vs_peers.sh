#!/usr/bin/env bash
# Upload throughput of one file: clipnote vs `aws s3 cp` (Debian's awscli) to the same local S3
# (s3rver behind the tests' SigV4-verifying gate), and clipnote vs `curl -T` to the same nginx
# WebDAV. Everything on 127.0.0.1.
# Usage: bench/upload_vs_peers.sh [SIZE_MB=200]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CLIPNOTE_BUILD_DIR:-$root/build}
size_mb=${1:-200}
work=$(mktemp -d /tmp/clipnote-upload-bench-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

source "$(dirname "$0")/local_s3.sh"
elapsed() { local t0=$(date +%s.%N); "$@" >"$work/last.out" 2>"$work/last.err" || { cat "$work/last.err" >&2; exit 1; }; echo "$(date +%s.%N) - $t0" | bc -l; }

# The local S3.
start_local_s3
pids+=("$s3_pid")

# The WebDAV server.
dav_port=$(free_port)
mkdir -p "$work/nginx/www/dav" "$work/nginx/body"
printf 'bench:%s\n' "$(openssl passwd -apr1 benchpass)" >"$work/nginx/htpasswd"
cat >"$work/nginx/nginx.conf" <<CONF
$( [ "$(id -u)" -eq 0 ] && echo "user root root;" )
worker_processes 1; daemon off; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off; client_max_body_size 0; client_body_temp_path $work/nginx/body;
  server {
    listen 127.0.0.1:$dav_port; root $work/nginx/www;
    location /dav/ { auth_basic "bench"; auth_basic_user_file $work/nginx/htpasswd;
                     dav_methods PUT DELETE MKCOL; create_full_put_path on; }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)
wait_port "$dav_port"

mkdir -p "$work/config"
cat >"$work/config/config.toml" <<CONF
default = "s3"
$(s3_destination_toml)

[destination.dav]
kind = "webdav"
url = "http://127.0.0.1:$dav_port/dav/"
username = "bench"
password_env = "BENCH_DAV_PASSWORD"
public_base_url = "http://127.0.0.1:$dav_port/dav/"
CONF
export BENCH_DAV_PASSWORD=benchpass
export XDG_DATA_HOME="$work/data" DISPLAY=

head -c "${size_mb}M" /dev/urandom >"$work/clip.bin"

t_clip_s3=$(elapsed "$build/clipnote" upload "$work/clip.bin" --to s3 --config "$work/config/config.toml")
t_aws=$(elapsed /usr/bin/aws --endpoint-url "http://127.0.0.1:$s3_port" s3 cp "$work/clip.bin" s3://bench/aws.bin --only-show-errors)
t_clip_dav=$(elapsed "$build/clipnote" upload "$work/clip.bin" --to dav --config "$work/config/config.toml")
t_curl=$(elapsed curl -sS -f -u bench:benchpass -T "$work/clip.bin" "http://127.0.0.1:$dav_port/dav/curl.bin")

rate() { echo "$size_mb / $1" | bc -l; }
echo "$size_mb MB of random bytes, one upload each, 127.0.0.1, $(nproc) cores"
echo
echo "| upload | seconds | MB/s |"
echo "|---|---|---|"
printf "| clipnote -> S3 (s3rver + SigV4 gate) | %.2f | %.1f |\n" "$t_clip_s3" "$(rate "$t_clip_s3")"
printf "| aws s3 cp -> same S3 | %.2f | %.1f |\n" "$t_aws" "$(rate "$t_aws")"
printf "| clipnote -> WebDAV (nginx) | %.2f | %.1f |\n" "$t_clip_dav" "$(rate "$t_clip_dav")"
printf "| curl -T -> same WebDAV | %.2f | %.1f |\n" "$t_curl" "$(rate "$t_curl")"
echo
printf "S3 throughput clipnote/aws: %.2f   WebDAV throughput clipnote/curl: %.2f\n" \
  "$(echo "$t_aws / $t_clip_s3" | bc -l)" "$(echo "$t_curl / $t_clip_dav" | bc -l)"
