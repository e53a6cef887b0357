#!/usr/bin/env bash
# 安装（首次）并打开 gkdesk，载入示例报告。Sets up (first time) and opens gkdesk on the example report.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" gui
cd "$GK_ROOT"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ]; then
  echo "没有图形显示（DISPLAY 未设置）：改为把每个页面截图保存到 out/screenshots/。在桌面环境中运行本命令即可打开窗口。"
  exec "$GK_VENV/bin/gkdesk" --screenshot out/screenshots examples/qiuqu-township-2024.gkreport
fi
exec "$GK_VENV/bin/gkdesk" examples/qiuqu-township-2024.gkreport "$@"
