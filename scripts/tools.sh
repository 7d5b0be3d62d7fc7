#!/usr/bin/env bash
# Installs and builds the tools the end-to-end tests need. Idempotent: a rerun
# with everything in place only checks and prints the paths.
#
#   Debian packages   frr frr-pythontools bird2 etcd-server iproute2 shellcheck
#                     debootstrap (apt-get only when one is missing; needs root)
#   FRR 10 root       a Debian 13 (trixie) root with FRR 10.3 in
#                     ~/.cache/metallb-frr/frr-trixie (debootstrap, then
#                     apt-get in a chroot), built in the background while Go
#                     builds; kept until removed (or its package list changes)
#   kube-apiserver    built from the Go module proxy with test/tools/go.mod
#   kube-controller-manager
#                     (k8s.io/kubernetes pinned there), cached per version and
#                     go.mod/go.sum/Go version under ~/.cache/metallb-frr
#   kustomize         go install sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION
#   kubectl           used from PATH (the machine image ships it); built from
#                     test/tools/go.mod like kube-apiserver when there is none
#   argocd-decode     test/tools/argocd-decode: Argo CD's parsing of a plugin's
#                     output, built with test/tools/go.mod
#   actionlint        go install github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION
#                     (the release workflow and the CI example are linted)
#   metallb-controller  MetalLB's controller (go install
#                     go.universe.tf/metallb/controller@$METALLB_VERSION), cached
#                     per version and Go version
#
# Everything lands in ~/.cache/metallb-frr/bin (put it on PATH); override the
# root with METALLB_FRR_CACHE. Go's module and build caches are the defaults.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_MOD="$ROOT/test/tools"
CACHE="${METALLB_FRR_CACHE:-$HOME/.cache/metallb-frr}"
BIN="$CACHE/bin"
KUSTOMIZE_VERSION=v5.7.1
# v0.15.2 builds from the Go module proxy; v0.16 needs frr-k8s v0.0.27, which
# the proxy refuses.
METALLB_VERSION=v0.15.2
ACTIONLINT_VERSION=v1.7.7
APT_PACKAGES=(frr frr-pythontools bird2 etcd-server iproute2 shellcheck debootstrap)

log() { printf 'tools.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

mkdir -p "$BIN"
# One run at a time per cache (CI and a developer's shell may overlap).
exec 9>"$CACHE/.lock"
flock 9

# --- Debian packages ---------------------------------------------------------
absent=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || absent+=("$p")
done
if ((${#absent[@]})); then
  [[ $(id -u) == 0 ]] || die "missing Debian packages: ${absent[*]} (run as root, or apt-get install them)"
  log "apt-get install ${absent[*]}"
  # Install without starting the daemons: the tests start their own.
  policy_made=
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy_made=1
  fi
  trap '[[ -n $policy_made ]] && rm -f /usr/sbin/policy-rc.d' EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${APT_PACKAGES[@]}" >/dev/null
  [[ -n $policy_made ]] && rm -f /usr/sbin/policy-rc.d
  policy_made=
fi

# --- FRR 10: a Debian 13 (trixie) root ---------------------------------------
# The lab's second FRR (test/e2e/lib/lab.ts runs its daemons, vtysh and
# frr-reload.py chrooted here) and the root of the pod harness's FRR containers
# (test/e2e/pod.test.ts). About 500 MB; a cold build is network-bound (a few
# minutes), so it runs in the background while Go builds below. It is built in
# a private mount namespace (debootstrap and apt-get need /proc in the root; a
# killed run leaves no mount behind) into a temporary directory renamed into
# place at the end, so a half-built root is never used.
# FRR's user and group are made first with the FRR image's ids (frr 100:101),
# which the DaemonSet's init container runs as.
FRR10_SUITE=trixie
FRR10_PACKAGES=(frr frr-pythontools tini)
frr10_root="$CACHE/frr-$FRR10_SUITE"
frr10_stamp="$FRR10_SUITE ${FRR10_PACKAGES[*]} frr=100:101"
frr10_log="$CACHE/frr-$FRR10_SUITE.log"
frr10_pid=
build_frr10_root() { # build_frr10_root DIR PACKAGE...: runs in its own mount namespace
  local dir=$1
  shift
  rm -rf "$dir"
  debootstrap --variant=minbase "$FRR10_SUITE" "$dir" http://deb.debian.org/debian
  chroot "$dir" groupadd --system --gid 101 frr
  chroot "$dir" useradd --system --uid 100 --gid 101 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin frr
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod +x "$dir/usr/sbin/policy-rc.d"
  mount -t proc proc "$dir/proc"
  chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
  chroot "$dir" apt-get clean
  umount "$dir/proc"
  printf '%s\n' "$frr10_stamp" >"$dir/.metallb-frr-root"
}
if [[ $(cat "$frr10_root/.metallb-frr-root" 2>/dev/null) != "$frr10_stamp" ]]; then
  [[ $(id -u) == 0 ]] || die "building the FRR 10 root needs root"
  log "building the FRR 10 root ($FRR10_SUITE: ${FRR10_PACKAGES[*]}) in the background, log in $frr10_log"
  (
    t0=$SECONDS
    export -f build_frr10_root
    export FRR10_SUITE frr10_stamp
    # shellcheck disable=SC2016 # expanded by the inner bash
    unshare --mount --propagation private \
      bash -euo pipefail -c 'build_frr10_root "$@"' _ "$frr10_root.tmp" "${FRR10_PACKAGES[@]}"
    rm -rf "$frr10_root"
    mv "$frr10_root.tmp" "$frr10_root"
    echo "built in $((SECONDS - t0)) s"
  ) >"$frr10_log" 2>&1 &
  frr10_pid=$!
fi

# --- Go ----------------------------------------------------------------------
GO=$(command -v go || true)
[[ -n $GO ]] || GO=/usr/local/go/bin/go
[[ -x $GO ]] || die "no Go toolchain (looked on PATH and at /usr/local/go/bin/go)"
# test/tools/go.mod names a Go that this toolchain satisfies: never download another.
export GOTOOLCHAIN=local
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly"
go_version=$("$GO" env GOVERSION)

# --- kube-apiserver (and kubectl if the machine has none) --------------------
k8s_version=$(cd "$TOOLS_MOD" && "$GO" list -m -f '{{.Version}}' k8s.io/kubernetes)
[[ $k8s_version =~ ^v1\.([0-9]+)\.[0-9]+$ ]] || die "unexpected k8s.io/kubernetes version '$k8s_version'"
k8s_minor=${BASH_REMATCH[1]}
key=$(cat "$TOOLS_MOD/go.mod" "$TOOLS_MOD/go.sum" <(echo "$go_version") | sha256sum | cut -c1-12)
k8s_dir="$CACHE/kubernetes-$k8s_version-$key"
# What `kube-apiserver --version` and GET /version report.
ldflags="-s -w"
for kv in gitVersion="$k8s_version" gitMajor=1 gitMinor="$k8s_minor" gitTreeState=clean; do
  ldflags+=" -X k8s.io/component-base/version.$kv"
done

build_k8s() { # build_k8s NAME: k8s.io/kubernetes/cmd/NAME into $k8s_dir/NAME
  local name=$1 out="$k8s_dir/$1"
  if [[ -x $out ]] && "$out" --version >/dev/null 2>&1; then
    return
  fi
  mkdir -p "$k8s_dir"
  log "building $name $k8s_version with $go_version (cold, with empty Go caches: about 8 minutes on 2 cores)"
  local t0=$SECONDS
  (cd "$TOOLS_MOD" && "$GO" build -trimpath -ldflags="$ldflags" -o "$out.tmp.$$" "k8s.io/kubernetes/cmd/$name")
  mv -f "$out.tmp.$$" "$out"
  log "built $name in $((SECONDS - t0)) s"
}

build_k8s kube-apiserver
ln -sfn "$k8s_dir/kube-apiserver" "$BIN/kube-apiserver"
# Only its garbage collector runs in the tests (test/e2e/lib/apiserver.ts).
build_k8s kube-controller-manager
ln -sfn "$k8s_dir/kube-controller-manager" "$BIN/kube-controller-manager"

kubectl_path=$(command -v kubectl || true)
if [[ -z $kubectl_path || $kubectl_path == "$BIN/kubectl" ]]; then
  build_k8s kubectl
  ln -sfn "$k8s_dir/kubectl" "$BIN/kubectl"
  kubectl_path="$BIN/kubectl"
fi

# --- etcd --------------------------------------------------------------------
etcd_path=$(command -v etcd || true)
[[ -n $etcd_path ]] || etcd_path=/usr/bin/etcd
[[ -x $etcd_path ]] || die "no etcd (Debian package etcd-server)"

# --- kustomize ---------------------------------------------------------------
if ! "$BIN/kustomize" version 2>/dev/null | grep -qx "$KUSTOMIZE_VERSION"; then
  log "installing kustomize $KUSTOMIZE_VERSION"
  GOBIN="$BIN" GOFLAGS= "$GO" install -trimpath -ldflags="-s -w" "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
fi

# --- actionlint ----------------------------------------------------------------
# test/e2e/actionlint.test.ts lints .github/workflows and the CI example.
if ! "$BIN/actionlint" -version 2>/dev/null | head -n 1 | grep -qx "$ACTIONLINT_VERSION"; then
  log "installing actionlint $ACTIONLINT_VERSION"
  GOBIN="$BIN" GOFLAGS='' "$GO" install -trimpath -ldflags="-s -w" "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi

# --- argocd-decode (test/tools/argocd-decode) ---------------------------------
# Argo CD's parsing of a config management plugin's output (apimachinery's
# YAMLOrJSONDecoder, as the cmp-server and repo server use it), for
# test/e2e/argocd-cmp.test.ts. Rebuilt when its source or the module changes.
decode_key=$(cat "$TOOLS_MOD"/argocd-decode/*.go <(echo "$key") | sha256sum | cut -c1-12)
decode_out="$CACHE/argocd-decode-$decode_key"
if [[ ! -x $decode_out ]]; then
  log "building argocd-decode"
  (cd "$TOOLS_MOD" && "$GO" build -trimpath -ldflags="-s -w" -o "$decode_out.tmp.$$" ./argocd-decode)
  mv -f "$decode_out.tmp.$$" "$decode_out"
fi
ln -sfn "$decode_out" "$BIN/argocd-decode"

# --- MetalLB's controller ------------------------------------------------------
# test/e2e/topology.test.ts runs MetalLB's own controller (it assigns the
# LoadBalancer IPs) against the test kube-apiserver: the supported topology,
# MetalLB's controller beside metallb-frr's agent. `go install pkg@version`
# builds with the module's own go.mod (GOFLAGS without -mod=readonly). Beside
# the binary, crds/ holds that version's CRDs from the module's source: the
# controller does not start without its status kinds' (ServiceBGPStatus).
mlb_key=$(echo "$METALLB_VERSION $go_version" | sha256sum | cut -c1-12)
mlb_dir="$CACHE/metallb-controller-$METALLB_VERSION-$mlb_key"
if [[ ! -x $mlb_dir/controller || ! -d $mlb_dir/crds ]]; then
  log "building MetalLB's controller $METALLB_VERSION (cold, with empty Go caches: about 3 minutes on 2 cores)"
  t0=$SECONDS
  rm -rf "$mlb_dir.tmp"
  GOBIN="$mlb_dir.tmp" GOFLAGS='' "$GO" install -trimpath -ldflags="-s -w" "go.universe.tf/metallb/controller@$METALLB_VERSION"
  cp -r "$("$GO" env GOMODCACHE)/go.universe.tf/metallb@$METALLB_VERSION/config/crd/bases" "$mlb_dir.tmp/crds"
  chmod -R u+w "$mlb_dir.tmp/crds"
  rm -rf "$mlb_dir"
  mv "$mlb_dir.tmp" "$mlb_dir"
  log "built MetalLB's controller in $((SECONDS - t0)) s"
fi
ln -sfn "$mlb_dir/controller" "$BIN/metallb-controller"

# --- FRR 10 root, built in the background above -----------------------------
if [[ -n $frr10_pid ]]; then
  wait "$frr10_pid" || { tail -n 30 "$frr10_log" >&2; die "building the FRR 10 root failed (log: $frr10_log)"; }
  log "FRR 10 root: $(tail -n 1 "$frr10_log")"
fi

# --- report ------------------------------------------------------------------
printf 'kube-apiserver %s %s\n' "$BIN/kube-apiserver" "$("$BIN/kube-apiserver" --version)"
printf 'kube-controller-manager %s %s\n' "$BIN/kube-controller-manager" "$("$BIN/kube-controller-manager" --version)"
printf 'frr 10 root %s FRR %s\n' "$frr10_root" "$(chroot "$frr10_root" dpkg-query -W -f='${Version}' frr)"
printf 'etcd %s %s\n' "$etcd_path" "$("$etcd_path" --version | head -1)"
printf 'kubectl %s\n' "$kubectl_path"
printf 'kustomize %s %s\n' "$BIN/kustomize" "$("$BIN/kustomize" version)"
printf 'argocd-decode %s\n' "$BIN/argocd-decode"
printf 'metallb-controller %s %s\n' "$BIN/metallb-controller" "$METALLB_VERSION"
printf 'actionlint %s %s\n' "$BIN/actionlint" "$("$BIN/actionlint" -version | head -n 1)"
