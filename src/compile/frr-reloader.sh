#!/bin/sh
# metallb-frr reloader: applies the frr.conf written by the node agent with
# frr-reload.py and writes the result beside it. It runs in the FRR image
# (BusyBox or dash sh), next to FRR; the function emits it in a ConfigMap.
#
# Protocol (one directory shared by the agent and the reloader, an emptyDir
# in the pod; RELOADER_DIR):
#   frr.conf        the candidate. The agent writes it to a temporary file and
#                   renames it into place, so the reloader never reads half a file.
#   reload.request  one line, the request id; written (also tmp + rename) after
#                   frr.conf. The reloader polls it (POLL_INTERVAL, 0.2 s): the
#                   agent runs as non-root and cannot signal a root process.
#   reload.result   the answer, tmp + rename:
#                       id=<request id>
#                       status=ok|failed
#                       stage=test|reload|read
#                       daemons=<the FRR daemons' pids when the reload started>
#                       after=<their pids when it ended>
#                       busy=locked (only when another session held FRR's
#                            configuration: the agent retries, as the
#                            candidate was not what failed)
#                       <empty line>
#                       <frr-reload.py's output, passwords redacted, at most 60 lines>
#   frr.daemons     one line, "zebra:12 bgpd:34 ..." ("-" for a daemon that is
#                   not running); rewritten whenever it changes. A change after a
#                   reload means FRR restarted: the agent then re-applies.
#   reloader.heartbeat  seconds since the epoch, every ~5 s (liveness probe).
#   state.request   one line, a request id: the agent asks for FRR's state
#                   (for its metrics and BGPSessionStates; tmp + rename). Polled
#                   like reload.request, by a loop of its own, so that a long
#                   reload never delays an answer.
#   frr.state       the answer, tmp + rename: FRR's own JSON, per section
#                       id=<request id>
#                       @bgp ok|failed        show bgp vrf all neighbors json
#                       <its output>
#                       @bfd ok|failed        show bfd peers json
#                       <its output>
#                       @bfdcounters ok|failed  show bfd peers counters json
#                       <its output>
#                   Each vtysh call is limited to STATE_TIMEOUT seconds (10)
#                   where the image has timeout(1). JSON never has a line
#                   starting with "@". These show commands print no secret.
#   .work/          the reloader's own files.
#
# A new request id is handled once: the reloader copies frr.conf, validates
# the copy with `frr-reload.py --test` and applies it with `--reload` (which
# also writes confdir/frr.conf, the config FRR restarts with). While any
# daemon is down, or up but not answering vtysh yet (vtysh skips a daemon it
# cannot reach, and frr-reload.py then succeeds without that daemon's part),
# requests wait. If the agent writes a newer candidate while
# an older one is being applied, the newer id is seen on the next poll and
# applied in turn; the agent ignores answers to ids it no longer waits for.
#
# Why files and not vtysh in the agent's container: the agent runs as
# non-root without FRR's sockets (vtysh there could configure FRR entirely);
# here it may only ask for the fixed show commands above, and only FRR's
# container holds FRR's tools.
#
# Paths come from the environment so that the same script drives FRR in a
# pod (the defaults) and FRR started by hand in a network namespace (tests).
# FRR_DAEMONS, the daemons whose pids are watched, defaults to zebra, bgpd,
# staticd and bfdd, with mgmtd first when FRR_SBINDIR holds it (FRR 9 on).
set -u

: "${RELOADER_DIR:=/etc/frr_reloader}"
: "${FRR_RELOAD:=/usr/lib/frr/frr-reload.py}"
: "${FRR_BINDIR:=/usr/bin}"
: "${FRR_CONFDIR:=/etc/frr}"
: "${FRR_RUNDIR:=/var/run/frr}"
: "${FRR_VTY_SOCKET:=$FRR_RUNDIR}"
: "${FRR_PIDDIR:=$FRR_RUNDIR}"
: "${FRR_SBINDIR:=/usr/lib/frr}"
# The daemons watchfrr runs (the startup ConfigMap's daemons file), plus
# mgmtd where FRR has it (FRR 10 always starts it first; staticd's and zebra's
# configuration live there): a restart of any of them loses configuration.
if [ -z "${FRR_DAEMONS:-}" ]; then
  FRR_DAEMONS="zebra bgpd staticd bfdd"
  if [ -x "$FRR_SBINDIR/mgmtd" ]; then FRR_DAEMONS="mgmtd $FRR_DAEMONS"; fi
fi
: "${POLL_INTERVAL:=0.2}"
: "${PYTHON:=python3}"
: "${VTYSH:=$FRR_BINDIR/vtysh}"
: "${STATE_TIMEOUT:=10}"

dir=$RELOADER_DIR
work=$dir/.work
# The protocol's files (src/compile/manifests-reloader.ts names them for the agent).
candidate=$dir/frr.conf
request=$dir/reload.request
result=$dir/reload.result
daemons_file=$dir/frr.daemons
heartbeat=$dir/reloader.heartbeat
state_request=$dir/state.request
state_result=$dir/frr.state
mkdir -p "$work" || exit 1
timeout_cmd=""
if command -v timeout >/dev/null 2>&1; then timeout_cmd=timeout; fi

log() {
  printf '{"time":"%s","level":"%s","component":"reloader","msg":"%s"}\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2"
}

# write_file FILE TEXT: atomically (tmp + rename in the same directory).
write_file() {
  printf '%s\n' "$2" >"$1.tmp" && mv -f "$1.tmp" "$1"
}

# Sets now_daemons to "zebra:PID bgpd:PID ..." without forking; "-" marks a
# daemon that is not running (no pid file, no process, or a zombie).
read_daemons() {
  now_daemons=""
  all_up=1
  for d in $FRR_DAEMONS; do
    pid=""
    if [ -r "$FRR_PIDDIR/$d.pid" ]; then read -r pid <"$FRR_PIDDIR/$d.pid" || :; fi
    state=""
    if [ -n "$pid" ] && [ -r "/proc/$pid/stat" ]; then read -r _ _ state _ <"/proc/$pid/stat" || :; fi
    case "$state" in
      "" | Z | X) now_daemons="$now_daemons $d:-"; all_up=0 ;;
      *) now_daemons="$now_daemons $d:$pid" ;;
    esac
  done
  now_daemons=${now_daemons# }
}

# Whether every watched daemon answers vtysh (`show daemons` lists those it
# reached); sets `silent` to the first that does not.
all_answer() {
  silent=""
  answering=$("$FRR_BINDIR/vtysh" --config_dir "$FRR_CONFDIR" --vty_socket "$FRR_VTY_SOCKET" -c "show daemons" 2>/dev/null) || answering=""
  for d in $FRR_DAEMONS; do
    case " $answering " in
      *" $d "*) ;;
      *) silent=$d; return 1 ;;
    esac
  done
  return 0
}

# Secrets never leave the pod: frr-reload.py prints the lines it changes.
# After any keyword FRR's configuration carries a secret with (the list of
# src/frr/redact.ts, SECRET_KEYWORDS: vty, bgpd, ldpd, pimd and isisd
# passwords, ospfd and ospf6d keys, key chains, ripd, nhrpd, pathd),
# everything up to the end of the line goes, not only the next word (in
# "neighbor password password P" the next word is the keyword). The agent
# applies the same rule again, and scrubs the secrets it rendered by value.
redact() {
  tr -d '\033' | sed -e 's/\[[0-9;]*m//g' \
    -e 's/\(password\)[[:space:]].*/\1 <redacted>/' \
    -e 's/\(authentication-key\)[[:space:]].*/\1 <redacted>/' \
    -e 's/\(message-digest-key\)[[:space:]].*/\1 <redacted>/' \
    -e 's/\(hash-algo\)[[:space:]].*/\1 <redacted>/' \
    -e 's/\(key-string\)[[:space:]].*/\1 <redacted>/' \
    -e 's/\(authentication[[:space:]][[:space:]]*string\)[[:space:]].*/\1 <redacted>/' \
    -e 's/\(nhrp[[:space:]][[:space:]]*authentication\)[[:space:]].*/\1 <redacted>/' \
    -e 's/\(tcp-md5-auth\)[[:space:]].*/\1 <redacted>/'
}

frr_reload() { # MODE FILE
  "$PYTHON" "$FRR_RELOAD" "$1" --stdout --bindir "$FRR_BINDIR" --confdir "$FRR_CONFDIR" \
    --rundir "$FRR_RUNDIR" --vty_socket "$FRR_VTY_SOCKET" "$2" >"$work/output" 2>&1
}

apply() { # ID
  before=$now_daemons
  if ! cp "$candidate" "$work/candidate.conf" 2>"$work/output"; then
    status=failed stage=read
  elif ! frr_reload --test "$work/candidate.conf"; then
    status=failed stage=test
  elif ! frr_reload --reload "$work/candidate.conf"; then
    status=failed stage=reload
  else
    status=ok stage=reload
  fi
  # Another session held FRR's configuration (FRR 10: mgmtd's datastores,
  # locked by FRR's own start-up load or an operator's vtysh; FRR 8: an
  # exclusive configuration session): vtysh refused lines, and frr-reload.py
  # may still exit 0, so not all of the candidate runs. Looked for in the
  # whole output (the result keeps its tail only).
  busy=""
  if grep -q -e 'locked by another session' -e 'onfiguration is locked' "$work/output"; then
    busy=locked status=failed
  fi
  read_daemons
  {
    printf 'id=%s\nstatus=%s\nstage=%s\ndaemons=%s\nafter=%s\n' "$1" "$status" "$stage" "$before" "$now_daemons"
    if [ -n "$busy" ]; then printf 'busy=%s\n' "$busy"; fi
    echo
    redact <"$work/output" | tail -n 60
  } >"$work/result" && mv -f "$work/result" "$result"
  log info "request $1: $status ($stage)${busy:+, FRR configuration $busy by another session}"
}

# state_section NAME COMMAND: "@NAME ok|failed", then vtysh's output.
state_section() {
  if [ -n "$timeout_cmd" ]; then
    "$timeout_cmd" "$STATE_TIMEOUT" "$VTYSH" --vty_socket "$FRR_VTY_SOCKET" -c "$2" >"$work/state.out" 2>&1
  else
    "$VTYSH" --vty_socket "$FRR_VTY_SOCKET" -c "$2" >"$work/state.out" 2>&1
  fi
  code=$?
  if [ "$code" = 0 ]; then printf '@%s ok\n' "$1"; else printf '@%s failed\n' "$1"; fi
  cat "$work/state.out"
  printf '\n'
}

# Answers each new state request, in the background (see frr.state); ends
# with the main loop, even one killed without its trap ($$ is the main shell).
state_loop() {
  answered=""
  while kill -0 "$$" 2>/dev/null; do
    sreq=""
    if [ -r "$state_request" ]; then read -r sreq <"$state_request" || :; fi
    if [ -n "$sreq" ] && [ "$sreq" != "$answered" ]; then
      {
        printf 'id=%s\n' "$sreq"
        state_section bgp 'show bgp vrf all neighbors json'
        state_section bfd 'show bfd peers json'
        state_section bfdcounters 'show bfd peers counters json'
      } >"$work/state.tmp" && mv -f "$work/state.tmp" "$state_result"
      answered=$sreq
    fi
    sleep "$POLL_INTERVAL" &
    wait $!
  done
}

state_loop &
state_pid=$!
trap 'log info "stopping"; kill "$state_pid" 2>/dev/null; exit 0' TERM INT
log info "watching $dir (FRR daemons: $FRR_DAEMONS)"
handled=""
last_daemons=""
waiting=""
beat=0
while :; do
  read_daemons
  if [ "$now_daemons" != "$last_daemons" ]; then
    write_file "$daemons_file" "$now_daemons"
    log info "FRR daemons: $now_daemons"
    last_daemons=$now_daemons
  fi
  req=""
  if [ -r "$request" ]; then read -r req <"$request" || :; fi
  if [ -n "$req" ] && [ "$req" != "$handled" ]; then
    silent=""
    if [ "$all_up" = 1 ] && all_answer; then
      apply "$req"
      handled=$req
      waiting=""
    elif [ "$waiting" != "$req" ]; then
      log info "request $req waits for FRR: $now_daemons${silent:+ ($silent does not answer vtysh yet)}"
      waiting=$req
    fi
  fi
  beat=$((beat + 1))
  if [ "$beat" -ge 25 ] || [ ! -e "$heartbeat" ]; then
    write_file "$heartbeat" "$(date +%s)"
    beat=0
  fi
  sleep "$POLL_INTERVAL" &
  wait $!
done
