#!/usr/bin/env bash
# 安装（首次）并运行全部测试（无界面）。Sets up (first time) and runs the whole test suite, headless.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" test
cd "$GK_ROOT"
export QT_QPA_PLATFORM=offscreen
exec "$GK_VENV/bin/python" -m pytest "$@"
