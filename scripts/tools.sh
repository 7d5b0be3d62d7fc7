#!/usr/bin/env bash
# Installs and builds the tools the end-to-end tests need. Idempotent: a rerun
# with everything in place only checks and prints the paths.
#
#   Debian packages   frr frr-pythontools bird2 etcd-server iproute2 shellcheck
#                     (apt-get only when one is missing; needs root)
#   kube-apiserver    built from the Go module proxy with test/tools/go.mod
#                     (k8s.io/kubernetes pinned there), cached per version and
#                     go.mod/go.sum/Go version under ~/.cache/metallb-frr
#   kustomize         go install sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION
#   kubectl           used from PATH (the machine image ships it); built from
#                     test/tools/go.mod like kube-apiserver when there is none
#   argocd-decode     test/tools/argocd-decode: Argo CD's parsing of a plugin's
#                     output, built with test/tools/go.mod
#
# Everything lands in ~/.cache/metallb-frr/bin (put it on PATH); override the
# root with METALLB_FRR_CACHE. Go's module and build caches are the defaults.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_MOD="$ROOT/test/tools"
CACHE="${METALLB_FRR_CACHE:-$HOME/.cache/metallb-frr}"
BIN="$CACHE/bin"
KUSTOMIZE_VERSION=v5.7.1
APT_PACKAGES=(frr frr-pythontools bird2 etcd-server iproute2 shellcheck)

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

# --- report ------------------------------------------------------------------
printf 'kube-apiserver %s %s\n' "$BIN/kube-apiserver" "$("$BIN/kube-apiserver" --version)"
printf 'etcd %s %s\n' "$etcd_path" "$("$etcd_path" --version | head -1)"
printf 'kubectl %s\n' "$kubectl_path"
printf 'kustomize %s %s\n' "$BIN/kustomize" "$("$BIN/kustomize" version)"
printf 'argocd-decode %s\n' "$BIN/argocd-decode"
