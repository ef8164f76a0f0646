#!/bin/sh
# alpi-agent.sh — the Alpi micro-agent for terminals that cannot run .NET (Cigale Wi-Fi terminals on OpenWrt,
# busybox systems). POSIX sh (dash, busybox ash), awk, and mosquitto_pub/mosquitto_sub from the Mosquitto clients.
#
# Every ALPI_INTERVAL seconds it reads /proc and /sys and publishes, as InfluxDB line protocol with nanosecond
# timestamps, the measurements and field names of the .NET agent's host collectors (after Telegraf's inputs):
#   cpu,cpu=cpuN|cpu-total   usage_user … usage_guest_nice (float, % of the interval; from the second round on)
#   mem                      total, available, used, free, buffered, cached (i, bytes), available_percent,
#                            used_percent (float), swap_total, swap_free (i, bytes)
#   swap                     total, used, free (i, bytes), used_percent (float)
#   disk,path=/,device,fstype,mode   total, free, used (i, bytes), used_percent (float), inodes_total,
#                            inodes_free, inodes_used (i) — the root file system only
#   net,interface=IF         bytes_sent, bytes_recv, packets_sent, packets_recv, err_in, err_out, drop_in,
#                            drop_out (u); interfaces that are up, loopback left out
#   system                   load1, load5, load15 (float), n_cpus, n_users, uptime (i, seconds)
#   alpi_agent               published_batches, dropped_batches, backlog_batches (i), broker_connected (bool)
# each tagged host=ALPI_HOST, on alpi/<tenant>/<host>/metrics with QoS 1 (one message per round). Its status topic
# alpi/<tenant>/<host>/status carries the retained birth message {"status":"online",…inventory…} and, as MQTT last
# will, {"status":"offline"}, as the .NET agent does (Alpi.Protocols/Mqtt/HostStatusMessage.cs).
#
# How: a mosquitto_sub connection holds the last will and watches the retained status: when it reads "offline" while
# the agent runs (the will fired during a network cut, or a broker restart), it publishes the birth again; so does the
# first round that reaches the broker after rounds that did not, and every ALPI_BIRTH_EVERY rounds (a broker restarted
# without persistence has forgotten the retained status). Metrics go
# through one mosquitto_pub per round; a batch the broker did not acknowledge stays in the spool directory and is sent
# again, oldest first (at most ALPI_SPOOL_MAX batches are kept, the oldest dropped and counted). SIGTERM or SIGINT:
# the watcher disconnects cleanly, the spool is sent once more and {"status":"offline"} is published. If the script is
# killed outright, a guard kills the watcher without a DISCONNECT, so the broker publishes the will.
#
# Usage: alpi-agent.sh [--once] [--help] [--version]
#   --once (or ALPI_ONCE=1): sample twice one second apart and print the line protocol on stdout, then exit
#   (like `telegraf --test` and `Alpi.Agent --once`); no broker needed.
#
# Configuration: environment variables, or the shell fragment ALPI_CONFIG (default /etc/alpi/agent.conf, KEY=VALUE
# lines) read first; a variable already set in the environment wins over the file.
#   ALPI_TENANT       member body, a topic level            default: default
#   ALPI_HOST         this terminal's name, a topic level   default: the kernel host name in lower case
#   ALPI_BROKER_HOST, ALPI_BROKER_PORT                      default: 127.0.0.1, 1883 (8883 is usual with TLS)
#   ALPI_USERNAME, ALPI_PASSWORD  MQTT credentials; written to a private options file read by the mosquitto
#                     clients (XDG_CONFIG_HOME), never on a command line where ps would show them
#   ALPI_CAFILE       CA certificate (PEM): connect with TLS  default: none (plain TCP)
#   ALPI_MQTT_VERSION mqttv311 or mqttv5                      default: mqttv311 (mosquitto clients 1.x and 2.x)
#   ALPI_CLIENT_ID    MQTT client id of the watcher (the publisher adds -m)  default: alpi-agent-<tenant>-<host>
#   ALPI_INTERVAL     seconds between two rounds (integer)   default: 10
#   ALPI_KEEPALIVE    MQTT keep-alive of the watcher, seconds: the will fires 1.5 times this after a power cut
#                     default: 30
#   ALPI_STATE_DIR    spool and runtime files (keep it on tmpfs: flash wears) default: /tmp/alpi-agent
#   ALPI_SPOOL_MAX    batches kept while the broker is away   default: 360 (1 hour at 10 s)
#   ALPI_BIRTH_EVERY  re-publish the retained birth message every N rounds; 0: only at start and after a cut
#                     default: 30 (5 minutes at 10 s)
#   ALPI_ROOT         directory standing for / when reading proc, sys and etc (a container with the host mounted
#                     elsewhere; tests)                      default: empty
# The MQTT user needs write on alpi/<tenant>/<host>/metrics and …/status, and read on …/status (to re-announce
# itself after a cut; without it the birth is only published at start).
#
# Exit status: 0 after a clean stop or --once; 2 for a configuration error (every problem is printed first).

ALPI_AGENT_VERSION="0.1.0"

usage() {
    sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
}

log() {
    # One line on stderr (journald/syslog under procd or systemd), with the level first.
    printf '%s alpi-agent: %s\n' "$1" "$2" >&2
}

# ---------------------------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------------------------

ALPI_VARS="ALPI_TENANT ALPI_HOST ALPI_BROKER_HOST ALPI_BROKER_PORT ALPI_USERNAME ALPI_PASSWORD ALPI_CAFILE
ALPI_MQTT_VERSION ALPI_CLIENT_ID ALPI_INTERVAL ALPI_KEEPALIVE ALPI_STATE_DIR ALPI_SPOOL_MAX ALPI_BIRTH_EVERY ALPI_ROOT
ALPI_ONCE"

load_config() {
    config=${ALPI_CONFIG:-/etc/alpi/agent.conf}
    [ -r "$config" ] || return 0
    # Keep what the environment set, read the file, then put the environment's values back.
    for v in $ALPI_VARS; do
        eval "if [ -n \"\${$v+x}\" ]; then _env_$v=\$$v; _has_$v=1; else _has_$v=; fi"
    done
    # shellcheck disable=SC1090
    . "$config"
    for v in $ALPI_VARS; do
        eval "if [ \"\$_has_$v\" = 1 ]; then $v=\$_env_$v; fi"
    done
}

is_topic_level() {
    # Non-empty, and none of / + # nor white space (MQTT 3.1.1 §4.7; Alpi.Protocols/Mqtt/AlpiTopic.cs).
    case $1 in
        '' | */* | *+* | *'#'* | *' '* | *'	'*) return 1 ;;
    esac
    return 0
}

is_count() {
    case $1 in
        '' | *[!0-9]*) return 1 ;;
    esac
    [ "$1" -gt 0 ]
}

configure() {
    load_config
    ROOT=${ALPI_ROOT:-}
    TENANT=${ALPI_TENANT:-default}
    if [ -n "${ALPI_HOST:-}" ]; then
        HOST=$ALPI_HOST
    else
        # A-Z rather than [:upper:]: busybox tr may be built without character classes.
        # shellcheck disable=SC2018,SC2019
        HOST=$(tr 'A-Z' 'a-z' < "$ROOT/proc/sys/kernel/hostname" 2>/dev/null)
        # shellcheck disable=SC2018,SC2019
        [ -n "$HOST" ] || HOST=$(hostname 2>/dev/null | tr 'A-Z' 'a-z')
    fi
    BROKER_HOST=${ALPI_BROKER_HOST:-127.0.0.1}
    BROKER_PORT=${ALPI_BROKER_PORT:-1883}
    MQTT_VERSION=${ALPI_MQTT_VERSION:-mqttv311}
    CLIENT_ID=${ALPI_CLIENT_ID:-alpi-agent-$TENANT-$HOST}
    INTERVAL=${ALPI_INTERVAL:-10}
    KEEPALIVE=${ALPI_KEEPALIVE:-30}
    STATE=${ALPI_STATE_DIR:-/tmp/alpi-agent}
    SPOOL_MAX=${ALPI_SPOOL_MAX:-360}
    BIRTH_EVERY=${ALPI_BIRTH_EVERY:-30}

    errors=0
    is_topic_level "$TENANT" || { log error "ALPI_TENANT \"$TENANT\" must be a topic level: not empty, no '/', '+', '#' nor space."; errors=1; }
    is_topic_level "$HOST" || { log error "ALPI_HOST \"$HOST\" must be a topic level: not empty, no '/', '+', '#' nor space."; errors=1; }
    if ! is_count "$BROKER_PORT" || [ "$BROKER_PORT" -gt 65535 ]; then
        log error "ALPI_BROKER_PORT \"$BROKER_PORT\" must be a port number (1-65535)."
        errors=1
    fi
    is_count "$INTERVAL" || { log error "ALPI_INTERVAL \"$INTERVAL\" must be a whole number of seconds, at least 1."; errors=1; }
    if ! is_count "$KEEPALIVE" || [ "$KEEPALIVE" -lt 5 ]; then
        log error "ALPI_KEEPALIVE \"$KEEPALIVE\" must be a whole number of seconds, at least 5."
        errors=1
    fi
    is_count "$SPOOL_MAX" || { log error "ALPI_SPOOL_MAX \"$SPOOL_MAX\" must be a whole number of batches, at least 1."; errors=1; }
    case $BIRTH_EVERY in
        '' | *[!0-9]*) log error "ALPI_BIRTH_EVERY \"$BIRTH_EVERY\" must be a whole number of rounds (0: never)."; errors=1 ;;
    esac
    case $MQTT_VERSION in
        mqttv311 | mqttv31 | mqttv5) ;;
        *) log error "ALPI_MQTT_VERSION \"$MQTT_VERSION\" must be mqttv311 or mqttv5."; errors=1 ;;
    esac
    if [ -n "${ALPI_CAFILE:-}" ] && [ ! -r "$ALPI_CAFILE" ]; then
        log error "ALPI_CAFILE \"$ALPI_CAFILE\" cannot be read."
        errors=1
    fi
    if [ -n "${ALPI_USERNAME:-}" ]; then has_user=1; else has_user=0; fi
    if [ -n "${ALPI_PASSWORD:-}" ]; then has_password=1; else has_password=0; fi
    if [ "$has_user" != "$has_password" ]; then
        log error "ALPI_USERNAME and ALPI_PASSWORD go together: set both or neither."
        errors=1
    fi
    [ "$errors" = 0 ] || exit 2

    # The host tag's value, escaped for line protocol (spaces, commas and equals signs).
    HOST_TAG=$(printf '%s' "$HOST" | sed 's/[ ,=]/\\&/g')
    METRICS_TOPIC="alpi/$TENANT/$HOST/metrics"
    STATUS_TOPIC="alpi/$TENANT/$HOST/status"
    OFFLINE='{"status":"offline"}'
}

# ---------------------------------------------------------------------------------------------------------------
# Collection: each function prints line protocol for one measurement, timestamp $TS (ns since the epoch)
# ---------------------------------------------------------------------------------------------------------------

now_ns() {
    # date +%N is GNU and optional in busybox (it then prints %N): fall back to whole seconds.
    t=$(date +%s%N 2>/dev/null)
    case $t in
        *[!0-9]* | '') printf '%s000000000' "$(date +%s)" ;;
        *) printf '%s' "$t" ;;
    esac
}

cpu_sample() {
    # /proc/stat, proc(5): cpuN user nice system idle iowait irq softirq steal guest guest_nice (USER_HZ ticks).
    awk '/^cpu/ { printf "%s %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$ROOT/proc/stat"
}

cpu_lines() {
    # $1 previous sample, $2 current sample. As the .NET CpuCollector (Telegraf's cpu input): guest is taken out of
    # user and guest_nice out of nice, the total leaves guest out; per-CPU points first, cpu-total last; a CPU whose
    # total did not advance is skipped.
    printf '%s\n' "$2" | awk -v prev="$1" -v host="$HOST_TAG" -v ts="$TS" '
        BEGIN { n = split(prev, lines, "\n"); for (i = 1; i <= n; i++) { k = split(lines[i], f, " "); if (k < 11) continue; seen[f[1]] = 1; for (j = 2; j <= 11; j++) p[f[1], j] = f[j] } }
        !($1 in seen) { next }
        {
            t = 0; pt = 0
            for (j = 2; j <= 9; j++) { t += $j; pt += p[$1, j] }
            d = t - pt
            if (d <= 0) next
            tag = ($1 == "cpu") ? "cpu-total" : $1
            line = sprintf("cpu,cpu=%s,host=%s usage_user=%.4f,usage_system=%.4f,usage_idle=%.4f,usage_nice=%.4f,usage_iowait=%.4f,usage_irq=%.4f,usage_softirq=%.4f,usage_steal=%.4f,usage_guest=%.4f,usage_guest_nice=%.4f %s",
                tag, host,
                100 * (($2 - p[$1, 2]) - ($10 - p[$1, 10])) / d,
                100 * ($4 - p[$1, 4]) / d,
                100 * ($5 - p[$1, 5]) / d,
                100 * (($3 - p[$1, 3]) - ($11 - p[$1, 11])) / d,
                100 * ($6 - p[$1, 6]) / d,
                100 * ($7 - p[$1, 7]) / d,
                100 * ($8 - p[$1, 8]) / d,
                100 * ($9 - p[$1, 9]) / d,
                100 * ($10 - p[$1, 10]) / d,
                100 * ($11 - p[$1, 11]) / d,
                ts)
            if ($1 == "cpu") total = line; else print line
        }
        END { if (total != "") print total }'
}

mem_lines() {
    # /proc/meminfo, proc(5), kB; as gopsutil/Telegraf: cached = Cached + SReclaimable, used = total - free - buffers -
    # cached, available = MemAvailable (kernel 3.14+) or cached + free.
    awk -v host="$HOST_TAG" -v ts="$TS" '
        { sub(":", "", $1); v[$1] = $2 * 1024; have[$1] = 1 }
        END {
            total = v["MemTotal"]; free = v["MemFree"]; buffers = v["Buffers"]; cached = v["Cached"] + v["SReclaimable"]
            available = have["MemAvailable"] ? v["MemAvailable"] : cached + free
            used = total - free - buffers - cached
            st = v["SwapTotal"]; sf = v["SwapFree"]
            printf "mem,host=%s total=%.0fi,available=%.0fi,used=%.0fi,free=%.0fi,buffered=%.0fi,cached=%.0fi,available_percent=%.4f,used_percent=%.4f,swap_total=%.0fi,swap_free=%.0fi %s\n",
                host, total, available, used, free, buffers, cached, total ? 100 * available / total : 0, total ? 100 * used / total : 0, st, sf, ts
            printf "swap,host=%s total=%.0fi,used=%.0fi,free=%.0fi,used_percent=%.4f %s\n", host, st, st - sf, sf, st ? 100 * (st - sf) / st : 0, ts
        }' "$ROOT/proc/meminfo"
}

disk_lines() {
    # The root file system: its last (visible) entry in /proc/self/mounts, and statvfs(3) through stat -f (GNU
    # coreutils and busybox: %S fragment size, %b blocks, %f free, %a available, %c inodes, %d free inodes).
    mounts="$ROOT/proc/self/mounts"
    [ -r "$mounts" ] || mounts="$ROOT/proc/mounts"
    entry=$(awk '$2 == "/" { d = $1; t = $3; split($4, o, ","); m = o[1] } END { if (d != "") print d, t, m }' "$mounts" 2>/dev/null)
    [ -n "$entry" ] || return 0
    fs=$(stat -f -c '%S %b %f %a %c %d' "$ROOT/" 2>/dev/null) || return 0
    printf '%s %s\n' "$entry" "$fs" | awk -v host="$HOST_TAG" -v ts="$TS" '
        function esc(s,   r, i, c) { r = ""; for (i = 1; i <= length(s); i++) { c = substr(s, i, 1); r = r ((c == " " || c == "," || c == "=") ? "\\" c : c) } return r }
        NF >= 9 {
            dev = $1; sub("^/dev/", "", dev)
            total = $5 * $4; used = ($5 - $6) * $4; free = $7 * $4
            printf "disk,path=/,device=%s,fstype=%s,mode=%s,host=%s total=%.0fi,free=%.0fi,used=%.0fi,used_percent=%.4f,inodes_total=%.0fi,inodes_free=%.0fi,inodes_used=%.0fi %s\n",
                esc(dev), esc($2), esc($3), host, total, free, used, (used + free) ? 100 * used / (used + free) : 0, $8, $9, $8 - $9, ts
        }'
}

net_lines() {
    # /proc/net/dev, proc(5); interfaces that are up (IFF_UP 0x1) and not loopback (IFF_LOOPBACK 0x8) per
    # /sys/class/net/IF/flags; without that file only lo is left out. Counters are printed as read (u).
    awk -v host="$HOST_TAG" -v ts="$TS" -v sys="$ROOT/sys/class/net" '
        function esc(s,   r, i, c) { r = ""; for (i = 1; i <= length(s); i++) { c = substr(s, i, 1); r = r ((c == " " || c == "," || c == "=") ? "\\" c : c) } return r }
        NR > 2 {
            i = index($0, ":"); if (i == 0) next
            name = substr($0, 1, i - 1); gsub(/[ \t]/, "", name)
            n = split(substr($0, i + 1), c, " "); if (n < 16) next
            path = sys "/" name "/flags"; flags = ""
            if ((getline flags < path) > 0) {
                close(path)
                last = tolower(substr(flags, length(flags), 1)); d = index("0123456789abcdef", last) - 1
                if (d % 2 == 0 || d >= 8) next
            } else if (name == "lo") next
            printf "net,interface=%s,host=%s bytes_sent=%su,bytes_recv=%su,packets_sent=%su,packets_recv=%su,err_in=%su,err_out=%su,drop_in=%su,drop_out=%su %s\n",
                esc(name), host, c[9], c[1], c[10], c[2], c[3], c[11], c[4], c[12], ts
        }' "$ROOT/proc/net/dev"
}

system_lines() {
    # /proc/loadavg, the cpuN lines of /proc/stat, /proc/uptime (proc(5)); n_users counts who(1)'s lines (utmp
    # USER_PROCESS records), 0 without who or utmp.
    users=$(who 2>/dev/null | wc -l | tr -d ' ')
    case $users in '' | *[!0-9]*) users=0 ;; esac
    cpus=$(awk '/^cpu[0-9]/ { n++ } END { print n + 0 }' "$ROOT/proc/stat")
    read -r l1 l5 l15 _ < "$ROOT/proc/loadavg" || return 0
    read -r up _ < "$ROOT/proc/uptime" || return 0
    printf 'system,host=%s load1=%s,load5=%s,load15=%s,n_cpus=%si,n_users=%si,uptime=%si %s\n' \
        "$HOST_TAG" "$l1" "$l5" "$l15" "$cpus" "$users" "${up%%.*}" "$TS"
}

agent_lines() {
    printf 'alpi_agent,host=%s published_batches=%si,dropped_batches=%si,backlog_batches=%si,broker_connected=%s %s\n' \
        "$HOST_TAG" "$PUBLISHED" "$DROPPED" "$(spool_count)" "$CONNECTED" "$TS"
}

collect() {
    # One round on stdout. $CPU_PREV holds the previous /proc/stat sample (empty on the first round: no cpu points).
    TS=$(now_ns)
    cpu_now=$(cpu_sample)
    [ -z "$CPU_PREV" ] || cpu_lines "$CPU_PREV" "$cpu_now"
    CPU_PREV=$cpu_now
    mem_lines
    disk_lines
    net_lines
    system_lines
    agent_lines
}

# ---------------------------------------------------------------------------------------------------------------
# Publishing
# ---------------------------------------------------------------------------------------------------------------

spool_count() {
    set -- "$STATE/spool"/*.lp
    if [ -e "$1" ]; then echo $#; else echo 0; fi
}

json_string() {
    printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"
}

birth_payload() {
    # Alpi.Protocols/Mqtt/HostStatusMessage.cs: {"status":"online","hostname","os","osVersion","kernel","agentVersion",
    # "ipAddresses":[…],"startedAt"}.
    os_version=$(sed -n 's/^PRETTY_NAME=//p' "$ROOT/etc/os-release" 2>/dev/null | sed 's/^"//; s/"$//')
    [ -n "$os_version" ] || os_version=$(sed -n "s/^DISTRIB_DESCRIPTION=//p" "$ROOT/etc/openwrt_release" 2>/dev/null | sed "s/^'//; s/'\$//")
    kernel=$(cat "$ROOT/proc/sys/kernel/osrelease" 2>/dev/null)
    addresses=$(ip -o addr show 2>/dev/null | awk '$2 != "lo" && ($3 == "inet" || $3 == "inet6") && $0 !~ / scope (link|host) / { split($4, a, "/"); printf "%s\"%s\"", (n++ ? "," : ""), a[1] }')
    printf '{"status":"online","hostname":%s,"os":"Linux","osVersion":%s,"kernel":%s,"agentVersion":%s,"ipAddresses":[%s],"startedAt":"%s"}' \
        "$(json_string "$HOST")" "$(json_string "$os_version")" "$(json_string "$kernel")" \
        "$(json_string "alpi-agent.sh $ALPI_AGENT_VERSION")" "$addresses" "$STARTED_AT"
}

mqtt_options() {
    # Connection options shared by mosquitto_pub and mosquitto_sub (credentials are in the options file).
    set -- -h "$BROKER_HOST" -p "$BROKER_PORT" -V "$MQTT_VERSION"
    [ -z "${ALPI_CAFILE:-}" ] || set -- "$@" --cafile "$ALPI_CAFILE"
    MQTT_OPTS=$*
}

write_client_config() {
    # The mosquitto clients read default options from $XDG_CONFIG_HOME/mosquitto_pub and …/mosquitto_sub, one option
    # a line (mosquitto_pub(1)): the password stays out of the process list. Private to this user (umask 077).
    mkdir -p "$STATE/mosquitto" "$STATE/spool"
    : > "$STATE/mosquitto/mosquitto_pub"
    if [ -n "${ALPI_USERNAME:-}" ]; then
        printf '%s\n' "-u $ALPI_USERNAME" "-P $ALPI_PASSWORD" > "$STATE/mosquitto/mosquitto_pub"
    fi
    cp "$STATE/mosquitto/mosquitto_pub" "$STATE/mosquitto/mosquitto_sub"
    XDG_CONFIG_HOME="$STATE/mosquitto"
    export XDG_CONFIG_HOME
}

publish_retained_status() {
    # $1 payload. Exit status 0 once the broker acknowledged it (QoS 1).
    # shellcheck disable=SC2086
    mosquitto_pub $MQTT_OPTS -i "$CLIENT_ID-s" -q 1 -r -t "$STATUS_TOPIC" -m "$1" 2>>"$STATE/mqtt.err"
}

publish_birth() {
    if publish_retained_status "$(birth_payload)"; then BIRTH_SENT=1; else BIRTH_SENT=0; fi
}

flush_spool() {
    # Oldest first (the names are nanosecond timestamps); stop at the first batch the broker does not acknowledge.
    for batch in "$STATE/spool"/*.lp; do
        [ -e "$batch" ] || break
        # shellcheck disable=SC2086
        if mosquitto_pub $MQTT_OPTS -i "$CLIENT_ID-m" -q 1 -t "$METRICS_TOPIC" -f "$batch" 2>>"$STATE/mqtt.err"; then
            rm -f "$batch"
            PUBLISHED=$((PUBLISHED + 1))
            CONNECTED=true
        else
            CONNECTED=false
            return 1
        fi
    done
    return 0
}

trim_spool() {
    # Past ALPI_SPOOL_MAX batches, the oldest are dropped and counted (alpi_agent dropped_batches).
    count=$(spool_count)
    [ "$count" -gt "$SPOOL_MAX" ] || return 0
    excess=$((count - SPOOL_MAX))
    for batch in "$STATE/spool"/*.lp; do
        [ "$excess" -gt 0 ] || break
        rm -f "$batch"
        excess=$((excess - 1))
        DROPPED=$((DROPPED + 1))
    done
    log warning "the broker has been away for $SPOOL_MAX rounds: dropped the oldest batches ($DROPPED so far)"
}

alive() {
    # True while process $1 runs: kill -0 alone also succeeds for a zombie not yet reaped by its parent.
    kill -s 0 "$1" 2>/dev/null || return 1
    state=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    case ${state##*) } in
        Z* | X*) return 1 ;;
    esac
    return 0
}

start_watcher() {
    # mosquitto_sub holds the last will and reads the retained status; mosquitto_sub keeps retrying while the broker
    # is away. The reader re-publishes the birth when it sees "offline" (a will fired while this agent still runs).
    rm -f "$STATE/status.fifo"
    mkfifo "$STATE/status.fifo" || { log error "cannot create $STATE/status.fifo"; return 1; }
    # shellcheck disable=SC2086
    mosquitto_sub $MQTT_OPTS -i "$CLIENT_ID" -k "$KEEPALIVE" -q 1 -t "$STATUS_TOPIC" \
        --will-topic "$STATUS_TOPIC" --will-payload "$OFFLINE" --will-qos 1 --will-retain \
        > "$STATE/status.fifo" 2>>"$STATE/mqtt.err" &
    WATCHER_PID=$!
    (
        trap - TERM INT HUP
        while IFS= read -r message; do
            case $message in
                offline | *'"status":"offline"'*) publish_birth ;;
            esac
        done < "$STATE/status.fifo"
    ) &
    READER_PID=$!
    (
        # The guard: when the agent's shell is gone (killed outright), kill the watcher without a DISCONNECT so that
        # the broker publishes the will.
        trap - TERM INT HUP
        while alive "$AGENT_PID"; do sleep 2; done
        kill -s KILL "$WATCHER_PID" 2>/dev/null
    ) &
    GUARD_PID=$!
}

stop_watcher() {
    kill "$GUARD_PID" 2>/dev/null
    kill "$READER_PID" 2>/dev/null
    # SIGTERM: mosquitto_sub disconnects cleanly, so the broker does not publish the will.
    kill -s TERM "$WATCHER_PID" 2>/dev/null
    wait "$WATCHER_PID" 2>/dev/null
    rm -f "$STATE/status.fifo"
}

stop_agent() {
    trap - TERM INT HUP
    [ -z "${SLEEP_PID:-}" ] || kill "$SLEEP_PID" 2>/dev/null
    log info "stopping: flushing $(spool_count) batches, publishing offline"
    stop_watcher
    flush_spool || log warning "$(spool_count) batches left in $STATE/spool (sent at the next start)"
    publish_retained_status "$OFFLINE" || log warning "could not publish the offline status"
    exit 0
}

run_once() {
    CPU_PREV=$(cpu_sample)
    sleep 1
    collect
}

run() {
    command -v mosquitto_pub > /dev/null 2>&1 || { log error "mosquitto_pub not found: install the Mosquitto clients (Debian mosquitto-clients, OpenWrt mosquitto-client-nossl)"; exit 2; }
    command -v mosquitto_sub > /dev/null 2>&1 || { log error "mosquitto_sub not found: install the Mosquitto clients"; exit 2; }
    umask 077
    write_client_config
    mqtt_options
    AGENT_PID=$$
    STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    PUBLISHED=0
    DROPPED=0
    CONNECTED=false
    BIRTH_SENT=0
    trap stop_agent TERM INT HUP
    log info "alpi-agent.sh $ALPI_AGENT_VERSION: $HOST of $TENANT to $BROKER_HOST:$BROKER_PORT every $INTERVAL s"
    start_watcher
    publish_birth
    if [ "$BIRTH_SENT" = 1 ]; then CONNECTED=true; fi
    ROUND=0
    while :; do
        ROUND=$((ROUND + 1))
        was_connected=$CONNECTED
        collect > "$STATE/round.tmp"
        mv "$STATE/round.tmp" "$STATE/spool/$TS.lp"
        # The watcher exits only when it cannot start (bad credentials, refused client id): start it again.
        alive "$WATCHER_PID" || { stop_watcher; start_watcher; BIRTH_SENT=0; }
        if flush_spool; then
            if [ "$BIRTH_SENT" != 1 ] || [ "$was_connected" = false ] || { [ "$BIRTH_EVERY" -gt 0 ] && [ $((ROUND % BIRTH_EVERY)) -eq 0 ]; }; then
                publish_birth
            fi
        else
            trim_spool
        fi
        # A background sleep and wait, so that SIGTERM is handled at once rather than after the sleep.
        sleep "$INTERVAL" &
        SLEEP_PID=$!
        wait "$SLEEP_PID" 2>/dev/null
    done
}

# ---------------------------------------------------------------------------------------------------------------

ONCE=${ALPI_ONCE:-0}
for argument in "$@"; do
    case $argument in
        --once) ONCE=1 ;;
        --help | -h) usage; exit 0 ;;
        --version) echo "alpi-agent.sh $ALPI_AGENT_VERSION"; exit 0 ;;
        *) log error "unknown argument \"$argument\" (--once, --help, --version)"; exit 2 ;;
    esac
done

configure
CPU_PREV=
[ "${ALPI_ONCE:-$ONCE}" = 1 ] && ONCE=1
if [ "$ONCE" = 1 ]; then
    PUBLISHED=0
    DROPPED=0
    CONNECTED=false
    STATE=${ALPI_STATE_DIR:-/nonexistent}
    run_once
    exit 0
fi
run
