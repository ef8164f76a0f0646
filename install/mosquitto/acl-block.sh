# Shared by add-agent.sh, add-hotspot.sh and add-collector.sh (sourced, not run): where the files are, how a user's password is set
# and how its ACL block is replaced. Settings, from the environment:
#   ALPI_MOSQUITTO_DIR  folder of the password and ACL files (default /etc/mosquitto/alpi, as in alpi.conf)
#   ALPI_MOSQUITTO_PASSWD, ALPI_MOSQUITTO_ACL  the files themselves (default $ALPI_MOSQUITTO_DIR/passwd and /acl)
#   ALPI_MOSQUITTO_RELOAD  "auto" (default: systemctl reload mosquitto when it runs under systemd) or "no"

alpi_dir="${ALPI_MOSQUITTO_DIR:-/etc/mosquitto/alpi}"
alpi_passwd="${ALPI_MOSQUITTO_PASSWD:-$alpi_dir/passwd}"
alpi_acl="${ALPI_MOSQUITTO_ACL:-$alpi_dir/acl}"
alpi_script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

alpi_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# A random password of 24 characters from [A-Za-z0-9] (about 143 bits).
alpi_new_password() {
  local password=""
  while [ "${#password}" -lt 24 ]; do
    password="$password$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  done
  printf '%s' "${password:0:24}"
}

# Makes a file readable by the broker (which reads it after dropping to the mosquitto user) and nobody else.
alpi_protect() {
  chmod 640 "$1"
  if [ "$(id -u)" -eq 0 ] && getent group mosquitto >/dev/null 2>&1; then
    chown root:mosquitto "$1"
  fi
}

# alpi_set_password USER PASSWORD: adds USER or replaces its password (mosquitto_passwd -b; salted SHA-512).
alpi_set_password() {
  command -v mosquitto_passwd >/dev/null 2>&1 || alpi_die "mosquitto_passwd not found: install the Debian package mosquitto"
  mkdir -p "$(dirname "$alpi_passwd")"
  if [ -s "$alpi_passwd" ]; then
    mosquitto_passwd -b "$alpi_passwd" "$1" "$2" || alpi_die "mosquitto_passwd could not update $alpi_passwd"
  else
    mosquitto_passwd -c -b "$alpi_passwd" "$1" "$2" || alpi_die "mosquitto_passwd could not create $alpi_passwd"
  fi
  alpi_protect "$alpi_passwd"
}

# alpi_replace_block KEY BLOCK: removes every block between "# BEGIN alpi KEY" and "# END alpi KEY" from the ACL file,
# then appends BLOCK between those markers; the file is replaced atomically (written beside it, then renamed).
alpi_replace_block() {
  local key="$1" block="$2" tmp
  mkdir -p "$(dirname "$alpi_acl")"
  if [ ! -e "$alpi_acl" ]; then
    if [ -f "$alpi_script_dir/alpi.acl" ]; then
      cp "$alpi_script_dir/alpi.acl" "$alpi_acl"
    else
      : >"$alpi_acl"
    fi
  fi

  tmp="$(mktemp "$alpi_acl.XXXXXX")"
  awk -v begin="# BEGIN alpi $key" -v end="# END alpi $key" '
    $0 == begin { skipping = 1; next }
    skipping && $0 == end { skipping = 0; dropblank = 1; next }
    skipping { next }
    dropblank && $0 == "" { dropblank = 0; next }
    { dropblank = 0; print }
  ' "$alpi_acl" >"$tmp"
  # One blank line between blocks.
  if [ -s "$tmp" ] && [ -n "$(tail -c 1 "$tmp")" ]; then
    echo >>"$tmp"
  fi
  if [ -s "$tmp" ] && [ -n "$(tail -n 1 "$tmp")" ]; then
    echo >>"$tmp"
  fi
  {
    echo "# BEGIN alpi $key"
    printf '%s\n' "$block"
    echo "# END alpi $key"
  } >>"$tmp"
  alpi_protect "$tmp"
  mv -f "$tmp" "$alpi_acl"
}

# Serialises concurrent runs of the scripts on the same files.
alpi_lock() {
  mkdir -p "$(dirname "$alpi_acl")"
  exec 9>"$alpi_acl.lock"
  flock 9
}

# Tells a running broker to reread the password and ACL files (SIGHUP through systemd), when there is one.
alpi_reload() {
  if [ "${ALPI_MOSQUITTO_RELOAD:-auto}" = "auto" ] && command -v systemctl >/dev/null 2>&1 \
      && systemctl is-active --quiet mosquitto 2>/dev/null; then
    systemctl reload mosquitto && echo "mosquitto reloaded" >&2
  else
    echo "Reload the broker to apply: systemctl reload mosquitto (or kill -HUP its pid)" >&2
  fi
}
