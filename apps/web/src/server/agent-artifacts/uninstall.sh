#!/bin/sh
# Dockmaster agent uninstaller, served by the control plane at __DOCKMASTER_URL__/agent/uninstall.sh
#
#   curl -fsSL __DOCKMASTER_URL__/agent/uninstall.sh | sh -s -- [--prefix DIR] [--keep-credentials]
#
# Stops the agent (systemd unit or background process), removes it, its settings and — unless
# --keep-credentials — its per-host secret. The host stays listed in Dockmaster (offline) with its
# history: remove it there, or reinstall with "Replace agent credentials" on that host.
set -eu

UNIT=dockmaster-agent
PREFIX=''
KEEP=0
say() { printf 'dockmaster-agent: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a value"; PREFIX=$2; shift 2 ;;
    --keep-credentials) KEEP=1; shift ;;
    *) die "unknown option: $1" ;;
  esac
done

if [ -n "$PREFIX" ]; then
  BIN_DIR=$PREFIX/bin ETC_DIR=$PREFIX/etc
else
  [ "$(id -u)" = 0 ] || die "run as root, or pass the --prefix DIR the agent was installed with"
  BIN_DIR=/opt/dockmaster-agent ETC_DIR=/etc/dockmaster-agent
fi
PID_FILE=$ETC_DIR/agent.pid

if [ -z "$PREFIX" ] && [ -f /etc/systemd/system/$UNIT.service ]; then
  systemctl disable --now $UNIT >/dev/null 2>&1 || true
  rm -f /etc/systemd/system/$UNIT.service
  systemctl daemon-reload || true
  say "stopped and removed the systemd unit"
fi
# The agent keeps its pid here itself (also after upgrading in place).
if [ -s "$PID_FILE" ]; then
  PID=$(cat "$PID_FILE")
  if kill "$PID" 2>/dev/null; then
    i=0
    while kill -0 "$PID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    say "stopped the agent (pid $PID)"
  fi
fi

rm -rf "$BIN_DIR"
if [ "$KEEP" = 1 ]; then
  rm -f "$ETC_DIR/agent.env" "$PID_FILE"
  say "removed the agent; kept its credentials in $ETC_DIR"
else
  rm -rf "$ETC_DIR"
  say "removed the agent, its settings and its credentials"
fi
[ -n "$PREFIX" ] && rmdir "$PREFIX" 2>/dev/null || true
say "the host stays in Dockmaster (offline): remove it there, or reinstall with \"Replace agent credentials\""
