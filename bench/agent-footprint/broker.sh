# shellcheck shell=bash
# Sourced by run.sh and side-by-side.sh (not run): what both need before starting agents.
#   work         a scratch folder, removed at exit
#   pids         the processes to stop (SIGTERM) at exit: append each one started
#   start_broker starts Mosquitto on a free 127.0.0.1 port, anonymous, with set_tcp_nodelay (without it QoS 1 crawls,
#                see ../../../shared/PEERS.md), and sets port once it accepts connections; its log is $work/mosquitto.log
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start_broker() {
  port="$(free_port)"
  cat >"$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
set_tcp_nodelay true
user root
CONF
  mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "${0##*/}: mosquitto did not start on 127.0.0.1:$port; its log:" >&2
  cat "$work/mosquitto.log" >&2
  return 1
}
