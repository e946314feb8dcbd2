# Shared by the bench scripts that upload: free ports and the tests' local S3 (s3rver behind the
# SigV4-verifying gate, credentials benchkey / benchsecret0123456789, bucket "bench").
# Source it after setting $root and $work.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 200); do (echo >/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; exit 1; }

export BENCH_KEY=benchkey BENCH_SECRET=benchsecret0123456789
export AWS_ACCESS_KEY_ID=benchkey AWS_SECRET_ACCESS_KEY=benchsecret0123456789 AWS_DEFAULT_REGION=us-east-1

# start_local_s3: starts the server in $work/s3 on a free port; sets s3_port and s3_pid.
start_local_s3() {
  local servers=$root/tests/upload/servers
  [ -d "$servers/node_modules/s3rver" ] || npm ci --prefix "$servers" --no-audit --no-fund --loglevel=error
  s3_port=$(free_port)
  mkdir -p "$work/s3"
  GATE_ACCESS_KEY=$BENCH_KEY GATE_SECRET_KEY=$BENCH_SECRET GATE_REGION=us-east-1 \
    node "$servers/s3_gate.js" --dir "$work/s3" --port "$s3_port" --bucket bench >"$work/gate.log" 2>&1 &
  s3_pid=$!
  wait_port "$s3_port"
}

# s3_destination_toml: a [destination.s3] table for that server.
s3_destination_toml() {
  cat <<CONF
[destination.s3]
kind = "s3"
endpoint = "http://127.0.0.1:$s3_port"
region = "us-east-1"
bucket = "bench"
path_style = true
access_key_env = "BENCH_KEY"
secret_key_env = "BENCH_SECRET"
link = "presigned"
expires = "1h"
CONF
}
