#!/usr/bin/env bash
# Installs what building, running and testing the exchange need on Debian 12, and nothing
# when everything is already there. Uses sudo only when not running as root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  protobuf-compiler libprotobuf-dev
  libboost1.81-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev libsodium-dev
  libspdlog-dev libcli11-dev libicu-dev cracklib-runtime
  prometheus-cpp-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  clang libclang-rt-14-dev
  python3 python3-protobuf python3-websocket python3-websockets python3-venv python3-pip python3-setuptools python3-wheel
  chromium
  nginx openssl
)
# The web app needs Node.js 20+ with npm; use Debian's only when none is installed.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing: ${missing[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
