#!/bin/sh
# Dockmaster agent installer, served by the control plane at __DOCKMASTER_URL__/agent/install.sh
#
#   curl -fsSL __DOCKMASTER_URL__/agent/install.sh | sh -s -- --token TOKEN [options]
#
# Downloads the agent from this control plane, checks its SHA-256, writes its settings and (after
# enrolling) its credentials readable by root only, and starts it: as a systemd service where
# systemd runs, otherwise in the background (and says how to start it at boot).
#
# Options:
#   --token TOKEN       one-time enrollment token (from Add host); not needed to reinstall over
#                       credentials that are still valid
#   --name NAME         the host's name in Dockmaster (default: the engine's name)
#   --binary            install the single executable (needs nothing) instead of the Node.js
#                       bundle; chosen anyway when no Node.js >= 20 is found
#   --docker-host URL   the engine to manage (default unix:///var/run/docker.sock)
#   --prefix DIR        install everything under DIR (bin/, etc/) instead of the places below
#   --no-systemd        do not install a systemd unit even where systemd runs
#   --no-start          install only; print how to start it
#
# Where things go (as root; --prefix DIR puts bin/ and etc/ under DIR):
#   /opt/dockmaster-agent/                       the agent (dockmaster-agent.cjs or dockmaster-agent)
#   /etc/dockmaster-agent/agent.env              its settings (0600)
#   /etc/dockmaster-agent/credentials.json       its per-host secret, written at enrollment (0600)
#   /etc/systemd/system/dockmaster-agent.service the unit (systemd only)
#   /var/log/dockmaster-agent.log                its log without systemd (with systemd: journalctl -u dockmaster-agent)
set -eu

URL='__DOCKMASTER_URL__'
NODE_FLAGS='__NODE_FLAGS__'
MALLOC_TUNABLES='__GLIBC_TUNABLES__'
UNIT=dockmaster-agent
TOKEN=''
NAME=''
BINARY=0
DOCKER_HOST_URL='unix:///var/run/docker.sock'
PREFIX=''
SYSTEMD=auto
START=1

say() { printf 'dockmaster-agent: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
# The caller's Node options are for its own programs, not for the agent (nor for the check below).
unset NODE_OPTIONS

while [ $# -gt 0 ]; do
  case "$1" in
    --token) [ $# -ge 2 ] || die "--token needs a value"; TOKEN=$2; shift 2 ;;
    --name) [ $# -ge 2 ] || die "--name needs a value"; NAME=$2; shift 2 ;;
    --binary) BINARY=1; shift ;;
    --docker-host) [ $# -ge 2 ] || die "--docker-host needs a value"; DOCKER_HOST_URL=$2; shift 2 ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs a value"; PREFIX=$2; shift 2 ;;
    --no-systemd) SYSTEMD=no; shift ;;
    --no-start) START=0; shift ;;
    *) die "unknown option: $1 (see the comments at the top of $URL/agent/install.sh)" ;;
  esac
done

# Values go into an environment file read by systemd and by sh: plain words only.
for value in "$TOKEN" "$NAME" "$DOCKER_HOST_URL" "$PREFIX"; do
  case "$value" in *[!A-Za-z0-9._:/@%+=,-]*) die "refused value (only letters, digits and ._:/@%+=,- are allowed): $value" ;; esac
done

if [ -n "$PREFIX" ]; then
  BIN_DIR=$PREFIX/bin ETC_DIR=$PREFIX/etc LOG=$PREFIX/agent.log
else
  [ "$(id -u)" = 0 ] || die "run as root (the agent manages the Docker engine), or pass --prefix DIR to install elsewhere"
  BIN_DIR=/opt/dockmaster-agent ETC_DIR=/etc/dockmaster-agent LOG=/var/log/dockmaster-agent.log
fi
ENV_FILE=$ETC_DIR/agent.env
CREDENTIALS=$ETC_DIR/credentials.json
PID_FILE=$ETC_DIR/agent.pid

# Downloads go through curl or wget, whichever is here.
fetch() {
  if command -v curl >/dev/null 2>&1; then curl -fsSL "$1" -o "$2"
  elif command -v wget >/dev/null 2>&1; then wget -q "$1" -O "$2"
  else die "neither curl nor wget is installed"; fi
}
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else openssl dgst -sha256 "$1" | sed 's/.*= //'; fi
}

# Node.js >= 20 runs the 1.6 MB bundle; otherwise (or with --binary) the single executable.
NODE=$(command -v node 2>/dev/null || true)
# (An exit status, not printed text: FORCE_COLOR in the caller's environment colours what node prints.)
if [ "$BINARY" = 0 ] && [ -n "$NODE" ] && "$NODE" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  say "Node.js $("$NODE" --version) found: installing the bundle (--binary for the single executable)"
  ARTIFACT=dockmaster-agent.cjs
  TARGET=$BIN_DIR/dockmaster-agent.cjs
  RUN="$NODE $NODE_FLAGS $TARGET"
else
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64|Linux-amd64) ARTIFACT=dockmaster-agent-linux-x64 ;;
    Linux-aarch64|Linux-arm64) ARTIFACT=dockmaster-agent-linux-arm64 ;;
    *) die "no single executable for $(uname -s) $(uname -m): install Node.js 20 or newer and run this again" ;;
  esac
  TARGET=$BIN_DIR/dockmaster-agent
  RUN=$TARGET
fi

mkdir -p "$BIN_DIR"
(umask 077 && mkdir -p "$ETC_DIR")
TMP=$(mktemp "$BIN_DIR/.download.XXXXXX")
trap 'rm -f "$TMP" "$TMP.sha256"' EXIT
say "downloading $URL/agent/$ARTIFACT"
fetch "$URL/agent/$ARTIFACT" "$TMP" || die "cannot download $URL/agent/$ARTIFACT (does this control plane serve that build? see $URL/agent/manifest.json)"
fetch "$URL/agent/$ARTIFACT.sha256" "$TMP.sha256" || die "cannot download the checksum $URL/agent/$ARTIFACT.sha256"
EXPECTED=$(cut -d' ' -f1 <"$TMP.sha256")
ACTUAL=$(sha256_of "$TMP")
[ "$EXPECTED" = "$ACTUAL" ] || die "checksum mismatch: downloaded $ACTUAL, expected $EXPECTED; nothing was installed"
chmod 0755 "$TMP"
mv -f "$TMP" "$TARGET"
say "installed $TARGET (sha256 $ACTUAL)"

# Settings: what the agent reads from its environment (readable by root only: the token).
(
  umask 077
  {
    echo "DOCKMASTER_URL=$URL"
    echo "DOCKMASTER_AGENT_STATE=$CREDENTIALS"
    echo "DOCKMASTER_AGENT_PIDFILE=$PID_FILE"
    echo "DOCKER_HOST=$DOCKER_HOST_URL"
    echo "GLIBC_TUNABLES=$MALLOC_TUNABLES"
    [ -n "$TOKEN" ] && echo "DOCKMASTER_ENROLL_TOKEN=$TOKEN"
    [ -n "$NAME" ] && echo "DOCKMASTER_HOST_NAME=$NAME"
    case "$RUN" in "$TARGET") echo "NODE_OPTIONS=$NODE_FLAGS" ;; esac
  } >"$ENV_FILE.tmp"
  mv -f "$ENV_FILE.tmp" "$ENV_FILE"
)
[ -n "$TOKEN" ] || [ -s "$CREDENTIALS" ] || die "no --token given and no credentials in $CREDENTIALS: copy the command from Add host in Dockmaster"

if [ "$SYSTEMD" = auto ] && [ -z "$PREFIX" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then SYSTEMD=yes; fi

if [ "$SYSTEMD" = yes ]; then
  cat >/etc/systemd/system/$UNIT.service <<UNIT
[Unit]
Description=Dockmaster agent
After=network-online.target docker.service
Wants=network-online.target

[Service]
EnvironmentFile=$ENV_FILE
ExecStart=$RUN
# Exits 0 after an upgrade from the control plane to be restarted on the new build.
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  if [ "$START" = 1 ]; then
    systemctl enable --now $UNIT >/dev/null 2>&1 || systemctl enable --now $UNIT
    systemctl restart $UNIT
    say "started: systemctl status $UNIT · logs: journalctl -u $UNIT -f"
  else
    say "installed the unit; start it with: systemctl enable --now $UNIT"
  fi
  exit 0
fi

# No systemd: started in the background now; say how to start it at boot.
START_CMD="set -a; . $ENV_FILE; set +a; exec $RUN"
if [ -s "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  say "stopping the running agent (pid $(cat "$PID_FILE"))"
  kill "$(cat "$PID_FILE")" 2>/dev/null || true
  sleep 1
fi
if [ "$START" = 1 ]; then
  nohup sh -c "$START_CMD" >>"$LOG" 2>&1 </dev/null &
  say "started in the background (no systemd here), pid $!; log: $LOG"
else
  say "installed; not started (--no-start)"
fi
say "to start it by hand or at boot (e.g. from /etc/rc.local): sh -c '$START_CMD' >>$LOG 2>&1 &"
