#!/usr/bin/env bash
# Shared setup for scripts/start.sh and scripts/test.sh: a virtual environment with gkdesk and,
# on Debian/Ubuntu/UOS/Kylin, the system libraries Qt needs when they are missing.
# Usage: source scripts/setup.sh [gui|test]
set -euo pipefail
GK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GK_MODE="${1:-gui}"
GK_VENV="${GK_VENV:-$GK_ROOT/.venv}"
PY="${PYTHON:-python3}"

gk_apt_install() {
  # install the Debian packages given that are not installed yet
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "请用系统的软件包管理器安装：${missing[*]}" >&2; return 0; }
  local SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "缺少系统库 ${missing[*]}，请让管理员运行：apt-get install ${missing[*]}" >&2; return 0; fi
  fi
  echo ">> 安装系统软件包：${missing[*]}"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

if command -v dpkg-query >/dev/null 2>&1; then
  # Qt offscreen/xcb needs these on a bare Debian 12 (see ../shared/design/tech-notes.md)
  pkgs=(libgl1 libegl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libx11-6 libxkbcommon0)
  if [ "$GK_MODE" = gui ]; then
    pkgs+=(libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
           libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
           libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0)
  else
    pkgs+=(poppler-utils)
  fi
  "$PY" -c 'import ensurepip' >/dev/null 2>&1 || pkgs+=(python3-venv)
  gk_apt_install "${pkgs[@]}"
fi

if [ ! -x "$GK_VENV/bin/python" ]; then
  echo ">> 创建虚拟环境 $GK_VENV"
  "$PY" -m venv "$GK_VENV"
fi
stamp="$GK_VENV/.gkdesk-installed-$GK_MODE"
if [ ! -f "$stamp" ] || [ "$GK_ROOT/pyproject.toml" -nt "$stamp" ]; then
  echo ">> 安装 Python 依赖"
  "$GK_VENV/bin/python" -m pip install -q --upgrade pip
  if [ "$GK_MODE" = test ]; then
    "$GK_VENV/bin/python" -m pip install -q -e "$GK_ROOT[test]"
  else
    "$GK_VENV/bin/python" -m pip install -q -e "$GK_ROOT"
  fi
  touch "$stamp"
fi
