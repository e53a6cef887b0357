#!/bin/sh
# gkdesk 卸载脚本（由 install.sh 安装的当前用户版本）。报告文件（.gkreport）不会被删除。
# 用法：~/.local/lib/gkdesk/uninstall.sh
set -eu

APPDIR="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f "$APPDIR/.gkdesk-install" ]; then
  echo "卸载失败：$APPDIR 不是用 install.sh 安装的 gkdesk。用 .deb 安装的版本请用系统的软件管理器卸载。" >&2
  exit 1
fi
PREFIX="$(cat "$APPDIR/.gkdesk-install")"
SHARE="$PREFIX/share"

# the command link only if it still points here
if [ -L "$PREFIX/bin/gkdesk" ] && [ "$(readlink "$PREFIX/bin/gkdesk")" = "$APPDIR/gkdesk" ]; then
  rm -f "$PREFIX/bin/gkdesk"
fi
rm -f "$SHARE/applications/gkdesk.desktop" "$SHARE/mime/packages/gkdesk.xml"
find "$SHARE/icons/hicolor" \( -name gkdesk.png -o -name gkdesk.svg -o -name application-x-gkreport.png \
  -o -name application-x-gkreport.svg \) -type f -exec rm -f {} + 2>/dev/null || true
DESK="$(command -v xdg-user-dir >/dev/null 2>&1 && xdg-user-dir DESKTOP || echo "$HOME/Desktop")"
if [ -f "$DESK/gkdesk.desktop" ] && grep -q "$APPDIR/gkdesk" "$DESK/gkdesk.desktop"; then
  rm -f "$DESK/gkdesk.desktop"
fi
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$SHARE/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$SHARE/applications" >/dev/null 2>&1 || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t -f "$SHARE/icons/hicolor" >/dev/null 2>&1 || true
cd /
rm -rf "$APPDIR"
echo "gkdesk 已卸载。您的报告文件没有被删除。"
