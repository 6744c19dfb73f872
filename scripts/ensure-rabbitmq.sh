#!/usr/bin/env bash
# Make sure a RabbitMQ answers at ORDERHUB_AMQP_URL (the map's set-up contract):
# use the one that answers; else start the local one if installed; else install
# Debian's rabbitmq-server when root with apt; else say the one command that gets one.
set -u
url="${ORDERHUB_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/}"
hostport=$(python3 - "$url" <<'PY'
import sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
print(f"{u.hostname or '127.0.0.1'} {u.port or 5672}")
PY
)
host=${hostport% *}; port=${hostport#* }

answers() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }
wait_up() {
  for _ in $(seq 1 60); do answers && return 0; sleep 1; done
  return 1
}

answers && exit 0
if [ "$host" != "127.0.0.1" ] && [ "$host" != "localhost" ]; then
  echo "RabbitMQ at $host:$port does not answer; start it, or unset ORDERHUB_AMQP_URL to use a local one." >&2
  exit 1
fi
if ! command -v rabbitmq-server >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's rabbitmq-server..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server) >&2 || exit 1
  else
    echo "No RabbitMQ answers at $host:$port. Get one with: sudo apt-get install -y rabbitmq-server" >&2
    exit 1
  fi
fi
echo "starting the local RabbitMQ..." >&2
if command -v systemctl >/dev/null 2>&1 && systemctl start rabbitmq-server 2>/dev/null; then :; else
  rabbitmq-server -detached >/dev/null 2>&1 || true
fi
wait_up && exit 0
echo "RabbitMQ did not come up at $host:$port; see /var/log/rabbitmq/. Start it with: rabbitmq-server -detached" >&2
exit 1
