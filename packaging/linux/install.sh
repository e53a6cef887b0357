#!/bin/sh
# gkdesk 安装脚本（Linux，当前用户，不需要管理员权限）
# 用法：在解压后的文件夹里运行  ./install.sh  [--prefix 目录] [--desktop]
#   --prefix 目录   安装到该目录（默认 ~/.local：程序在 ~/.local/lib/gkdesk，命令 ~/.local/bin/gkdesk）
#   --desktop       同时在桌面上放一个“政务公开年报”图标
# 卸载：运行 ~/.local/lib/gkdesk/uninstall.sh
set -eu

HERE="$(cd "$(dirname "$0")" && pwd)"
PREFIX="${HOME}/.local"
DESKTOP_ICON=0

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "参数错误：--prefix 后面要写安装目录。" >&2; exit 2; }; PREFIX="$2"; shift 2 ;;
    --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
    --desktop) DESKTOP_ICON=1; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "参数错误：不认识“$1”。用 ./install.sh --help 查看用法。" >&2; exit 2 ;;
  esac
done

if [ ! -x "$HERE/gkdesk" ] || [ ! -d "$HERE/_internal" ]; then
  echo "安装失败：在 $HERE 里找不到 gkdesk 程序。请先把压缩包完整解压，再在解压出的文件夹里运行 ./install.sh。" >&2
  exit 1
fi
case "$PREFIX" in /*) ;; *) PREFIX="$(pwd)/$PREFIX" ;; esac

APPDIR="$PREFIX/lib/gkdesk"
BINDIR="$PREFIX/bin"
SHARE="$PREFIX/share"

fail() { echo "安装失败：$1" >&2; exit 1; }

mkdir -p "$PREFIX/lib" "$BINDIR" "$SHARE/applications" "$SHARE/mime/packages" 2>/dev/null \
  || fail "无法在 $PREFIX 中创建文件夹（没有写入权限？）。可以用 --prefix 指定其他目录。"

# an existing folder is replaced only when it is an earlier gkdesk installation
if [ -e "$APPDIR" ] && [ ! -f "$APPDIR/.gkdesk-install" ]; then
  fail "$APPDIR 已存在，但不是 gkdesk 的安装目录，为避免误删没有覆盖它。请换一个 --prefix 或先移走该文件夹。"
fi

echo "正在安装 gkdesk 到 $APPDIR ..."
TMP="$PREFIX/lib/.gkdesk-installing.$$"
rm -rf "$TMP"
trap 'rm -rf "$TMP"' EXIT INT TERM
mkdir -p "$TMP"
cp -R "$HERE/gkdesk" "$HERE/_internal" "$TMP/" || fail "复制程序文件时出错（磁盘空间不足？）。原来安装的版本没有改动。"
cp "$HERE/uninstall.sh" "$TMP/uninstall.sh" && chmod 755 "$TMP/uninstall.sh"
printf '%s\n' "$PREFIX" > "$TMP/.gkdesk-install"
rm -rf "$APPDIR.old"
[ -e "$APPDIR" ] && mv "$APPDIR" "$APPDIR.old"
mv "$TMP" "$APPDIR" || { [ -e "$APPDIR.old" ] && mv "$APPDIR.old" "$APPDIR"; fail "无法放入 $APPDIR。"; }
rm -rf "$APPDIR.old"
trap - EXIT INT TERM

ln -sf "$APPDIR/gkdesk" "$BINDIR/gkdesk"

# desktop entry with the absolute path (~/.local/bin is not on every desktop's PATH)
sed -e "s|^Exec=gkdesk|Exec=\"$APPDIR/gkdesk\"|" -e "s|^TryExec=gkdesk|TryExec=$APPDIR/gkdesk|" \
  "$HERE/share/applications/gkdesk.desktop" > "$SHARE/applications/gkdesk.desktop"
chmod 644 "$SHARE/applications/gkdesk.desktop"
cp "$HERE/share/mime/packages/gkdesk.xml" "$SHARE/mime/packages/gkdesk.xml"
(cd "$HERE/share" && find icons -type f) | while read -r icon; do
  mkdir -p "$SHARE/$(dirname "$icon")"
  cp "$HERE/share/$icon" "$SHARE/$icon"
done

command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$SHARE/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$SHARE/applications" >/dev/null 2>&1 || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t -f "$SHARE/icons/hicolor" >/dev/null 2>&1 || true
# double-clicking a .gkreport file opens gkdesk (only when installed for the own user)
if [ "$PREFIX" = "$HOME/.local" ] && command -v xdg-mime >/dev/null 2>&1; then
  xdg-mime default gkdesk.desktop application/x-gkreport >/dev/null 2>&1 || true
fi

if [ "$DESKTOP_ICON" = 1 ]; then
  DESK="$(command -v xdg-user-dir >/dev/null 2>&1 && xdg-user-dir DESKTOP || echo "$HOME/Desktop")"
  if [ -d "$DESK" ]; then
    cp "$SHARE/applications/gkdesk.desktop" "$DESK/gkdesk.desktop"
    chmod 755 "$DESK/gkdesk.desktop"
    command -v gio >/dev/null 2>&1 && gio set "$DESK/gkdesk.desktop" metadata::trusted true >/dev/null 2>&1 || true
    echo "已在桌面放置图标：$DESK/gkdesk.desktop"
  else
    echo "没有找到桌面文件夹（$DESK），未放置桌面图标。可以从开始菜单打开 gkdesk。"
  fi
fi

# system libraries the window needs that are not in the bundle (everything else is inside)
MISSING="$(LD_LIBRARY_PATH="$APPDIR/_internal" ldd "$APPDIR/_internal/PySide6/Qt/plugins/platforms/libqxcb.so" 2>/dev/null \
  | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')"
if [ -n "$MISSING" ]; then
  echo "注意：本机缺少图形界面需要的系统库：$MISSING"
  echo "      请让管理员安装（统信 UOS / 麒麟 / Debian / Ubuntu）：sudo apt-get install libgl1 libegl1 libxcb1 libdbus-1-3 libpng16-16"
fi

if "$APPDIR/gkdesk" --self-test >/dev/null 2>&1; then
  echo "自检通过。"
else
  echo "注意：安装后的自检没有全部通过。请运行  $APPDIR/gkdesk --self-test  查看原因。"
fi
echo "安装完成。请从“开始”菜单（办公类）打开“政务公开年报”，或在终端中运行：$BINDIR/gkdesk"
case ":$PATH:" in *":$BINDIR:"*) ;; *) echo "（$BINDIR 不在 PATH 中：在终端里请用完整路径运行。）" ;; esac
