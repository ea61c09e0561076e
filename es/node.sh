#!/usr/bin/env bash
# One local Elasticsearch node for development and CI (docs/elasticsearch.md).
#   es/node.sh fetch        download + unpack the distribution with Maven (es/pom.xml)
#   es/node.sh start        start a node in the background, return once the cluster is yellow/green
#   es/node.sh stop         stop it (SIGTERM, waits for a clean shutdown)
#   es/node.sh status       print the cluster health
# Environment: GATEWAY_ES_PORT (HTTP port, default 9200; transport is port+100),
# GATEWAY_ES_HEAP (default 512m), GATEWAY_ES_JAVA_HOME (default: the java on PATH),
# GATEWAY_ES_CLUSTER (cluster name, default dargah-dev-<port>), GATEWAY_ES_HOME (default var/es),
# GATEWAY_ES_SEED_PORTS (HTTP ports of all nodes of one cluster; GATEWAY_ES_WAIT=0 to start
# them one after the other without waiting for a cluster of one).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="$(sed -n 's:.*<elasticsearch.version>\(.*\)</elasticsearch.version>.*:\1:p' "$ROOT/es/pom.xml")"
PORT="${GATEWAY_ES_PORT:-9200}"
TRANSPORT=$((PORT + 100))
AS_NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
# The distribution and the nodes' folders: var/es of the checkout (ignored by git). As root the
# node runs as nobody (below), who may not reach a checkout under /root: then a folder of /var/tmp.
ES_HOME_DIR="${GATEWAY_ES_HOME:-$ROOT/var/es}"
if [ -z "${GATEWAY_ES_HOME:-}" ] && [ "$(id -u)" = 0 ] && ! "${AS_NOBODY[@]}" test -x "$ROOT"; then
  ES_HOME_DIR="/var/tmp/dargah-es-$(printf %s "$ROOT" | md5sum | cut -c1-12)"
fi
DIST="$ES_HOME_DIR/dist/elasticsearch-$VERSION"
NODE_DIR="$ES_HOME_DIR/node-$PORT"
PIDFILE="$NODE_DIR/es.pid"
URL="http://127.0.0.1:$PORT"
MVN="${MVN:-mvn}"

java_home() {
  if [ -n "${GATEWAY_ES_JAVA_HOME:-}" ]; then echo "$GATEWAY_ES_JAVA_HOME"; return; fi
  local java; java="$(command -v java)" || { echo "es: no java on PATH (Elasticsearch $VERSION needs Java 17+)" >&2; exit 1; }
  dirname "$(dirname "$(readlink -f "$java")")"
}

fetch() {
  if [ -x "$DIST/bin/elasticsearch" ]; then return; fi
  command -v "$MVN" >/dev/null || { echo "es: Maven ($MVN) is needed to fetch Elasticsearch $VERSION" >&2; exit 1; }
  echo "es: fetching Elasticsearch $VERSION from Maven Central into $ES_HOME_DIR/dist"
  mkdir -p "$ES_HOME_DIR/dist" && chmod 755 "$ES_HOME_DIR" "$ES_HOME_DIR/dist"
  "$MVN" -B -q -f "$ROOT/es/pom.xml" process-resources -Des.dist.dir="$ES_HOME_DIR/dist" 2>&1 \
    | sed -e 's/\x1b\[[0-9;]*m//g'  # Maven's quiet mode still prints colour codes
  [ -x "$DIST/bin/elasticsearch" ] || { echo "es: $DIST/bin/elasticsearch missing after the Maven fetch" >&2; exit 1; }
}

health() {
  curl -fsS --max-time 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=${1:-1s}" 2>/dev/null
}

running_pid() {
  [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && cat "$PIDFILE"
}

start() {
  fetch
  if health >/dev/null; then echo "es: a node already answers at $URL"; return; fi
  if pid="$(running_pid)"; then echo "es: node $pid is starting, waiting"; wait_ready; return; fi
  mkdir -p "$NODE_DIR/config" "$NODE_DIR/data" "$NODE_DIR/logs"
  cp "$DIST/config/jvm.options" "$DIST/config/log4j2.properties" "$NODE_DIR/config/"
  local cluster="${GATEWAY_ES_CLUSTER:-dargah-dev-$PORT}"
  {
    echo "cluster.name: $cluster"
    echo "node.name: dargah-$PORT"
    echo "path.data: $NODE_DIR/data"
    echo "path.logs: $NODE_DIR/logs"
    echo "network.host: 127.0.0.1"
    echo "http.port: $PORT"
    echo "transport.port: $TRANSPORT"
    if [ -n "${GATEWAY_ES_SEED_PORTS:-}" ]; then
      echo "discovery.seed_hosts: [$(for p in $GATEWAY_ES_SEED_PORTS; do printf '"127.0.0.1:%s",' $((p + 100)); done | sed 's/,$//')]"
      echo "cluster.initial_master_nodes: [$(for p in $GATEWAY_ES_SEED_PORTS; do printf '"dargah-%s",' "$p"; done | sed 's/,$//')]"
    else
      echo "discovery.type: single-node"
    fi
    echo "xpack.security.enabled: false"
    # A shared CI disk may be fuller than the 85 % watermark; a development node allocates anyway.
    echo "cluster.routing.allocation.disk.threshold_enabled: false"
    echo "action.destructive_requires_name: false"
  } > "$NODE_DIR/config/elasticsearch.yml"
  local heap="${GATEWAY_ES_HEAP:-512m}" as_user=()
  mkdir -p "$NODE_DIR/tmp"
  if [ "$(id -u)" = 0 ]; then
    # Elasticsearch refuses to run as root (a crawled-content engine must not own the machine):
    # CI containers run as root, so the node runs as the unprivileged user nobody.
    chown -R nobody:nogroup "$NODE_DIR"
    as_user=("${AS_NOBODY[@]}")
  fi
  echo "es: starting Elasticsearch $VERSION at $URL (data in $NODE_DIR/data)"
  "${as_user[@]}" env ES_JAVA_HOME="$(java_home)" ES_PATH_CONF="$NODE_DIR/config" ES_TMPDIR="$NODE_DIR/tmp" \
    ES_JAVA_OPTS="-Xms$heap -Xmx$heap ${ES_JAVA_OPTS:-}" "$DIST/bin/elasticsearch" -d -p "$PIDFILE" </dev/null >"$NODE_DIR/logs/console.log" 2>&1 || {
      echo "es: the node did not start; last lines of its log:" >&2
      tail -n 30 "$NODE_DIR/logs/console.log" "$NODE_DIR/logs/$cluster.log" 2>/dev/null >&2; exit 1; }
  # A node of a cluster still forming cannot be yellow alone: GATEWAY_ES_WAIT=0 returns at once.
  if [ "${GATEWAY_ES_WAIT:-1}" != 0 ]; then wait_ready; fi
}

wait_ready() {
  local deadline=$((SECONDS + ${GATEWAY_ES_START_TIMEOUT:-180}))
  while [ $SECONDS -lt $deadline ]; do
    if out="$(health 5s)"; then echo "es: ready at $URL: $out"; return; fi
    if ! running_pid >/dev/null && [ $SECONDS -gt 5 ]; then
      echo "es: the node exited; last lines of its log:" >&2
      tail -n 40 "$NODE_DIR"/logs/*.log >&2 2>/dev/null || true; exit 1
    fi
    sleep 1
  done
  echo "es: no yellow cluster at $URL after ${GATEWAY_ES_START_TIMEOUT:-180}s" >&2; exit 1
}

kill_node() {  # a lost node (tests): no clean shutdown
  local pid
  if pid="$(running_pid)"; then kill -KILL "$pid"; rm -f "$PIDFILE"; echo "es: node $pid killed"; fi
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then echo "es: no node of ours on port $PORT"; rm -f "$PIDFILE"; return; fi
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { echo "es: node $pid stopped"; rm -f "$PIDFILE"; return; }; sleep 1; done
  echo "es: node $pid still running after 60 s; killing it" >&2; kill -KILL "$pid"; rm -f "$PIDFILE"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  kill) kill_node ;;
  status) curl -fsS "$URL/_cluster/health?pretty" ;;
  *) echo "usage: es/node.sh fetch|start|stop|kill|status" >&2; exit 2 ;;
esac
