#!/bin/sh
# Runs INSIDE the Debian 11 (bullseye) build root, called by packaging/oldglibc.py:
# CPython 3.11 from Debian 12 (bookworm)'s own source package python3.11 — `apt-get source`, which unpacks the
# upstream tarball and applies Debian's patches (security fixes included) — built against bullseye's glibc 2.31 as a
# shared library under PREFIX (PyInstaller needs libpython3.11.so). Debian's full package build (PGO, test suite,
# debug and static flavours) takes hours on 2 cores; this plain build takes minutes and is what PyInstaller needs.
# The math functions whose symbol version moved in glibc 2.29 are bound to their old versions (glibc-compat.h) and
# functions added to glibc after 2.28 are declared absent, so the result loads on glibc 2.28 (UOS 20).
set -eu
PREFIX="$1"
MIRROR="${2:-http://deb.debian.org/debian}"
SECURITY="${3:-http://deb.debian.org/debian-security}"
JOBS="$(nproc)"

cat > /etc/apt/sources.list.d/gkdesk-bookworm-src.list <<SRC
deb-src $MIRROR bookworm main
deb-src $SECURITY bookworm-security main
SRC
apt-get update -qq
rm -rf /build/python-src && mkdir -p /build/python-src && cd /build/python-src
# the newest version first (bookworm-security); a mirror that lacks it falls back to the point release's one
got=""
for v in $(apt-cache showsrc python3.11 | sed -n 's/^Version: //p' | sort -ruV); do
  if apt-get source -qq "python3.11=$v" >/build/python-source.log 2>&1; then got="$v"; break; fi
  echo ">> python3.11 $v 的源码包下载失败，试下一个版本：$(grep -m1 '^E:' /build/python-source.log || true)"
  rm -rf ./python3.11*
done
[ -n "$got" ] || { echo "无法从 Debian 取得 python3.11 源码包"; cat /build/python-source.log; exit 1; }
cd "$(find . -maxdepth 1 -type d -name 'python3.11-*' | head -1)"
dpkg-parsechangelog -S Version > /build/python-src/VERSION
echo ">> Python 源码包 python3.11 $(cat /build/python-src/VERSION)（Debian 12 bookworm）"

# Debian builds pyexpat into the interpreter; built here as a module, its backported security fix (CVE-2026-4224)
# includes internal headers and needs the define that upstream's own version of the file has
grep -q "Py_BUILD_CORE_MODULE" Modules/pyexpat.c \
  || sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' Modules/pyexpat.c

mkdir -p "$PREFIX/include"
cp /build/glibc-compat.h "$PREFIX/include/gkdesk-glibc-compat.h"
# glibc >= 2.29 functions configure would find in bullseye's 2.31 but UOS 20 (2.28) lacks
NEWER="ac_cv_func_sem_clockwait=no ac_cv_func_pthread_cond_clockwait=no ac_cv_func_posix_spawn_file_actions_addchdir_np=no"
NEWER="$NEWER ac_cv_func_gettid=no ac_cv_func_pthread_clockjoin_np=no"
# no test modules (neither built nor installed: a third of the install time), no debug information, no PGO/LTO
NOT_NEEDED="py_cv_module__tkinter=n/a py_cv_module__curses=n/a py_cv_module__curses_panel=n/a py_cv_module_nis=n/a"
NOT_NEEDED="$NOT_NEEDED py_cv_module__dbm=n/a py_cv_module__gdbm=n/a py_cv_module_xxlimited=n/a py_cv_module_xxlimited_35=n/a"
env $NEWER $NOT_NEEDED OPT="-DNDEBUG -g0 -O2 -fwrapv -Wall" ./configure -q --prefix="$PREFIX" --enable-shared \
  --with-ensurepip=no --disable-test-modules \
  CFLAGS="-include $PREFIX/include/gkdesk-glibc-compat.h" LDFLAGS="-Wl,-rpath,$PREFIX/lib" >/build/python-configure.log 2>&1 \
  || { tail -30 /build/python-configure.log; exit 1; }
make -s -j"$JOBS" >/build/python-make.log 2>&1 || { tail -60 /build/python-make.log; exit 1; }
# a module that failed to build does not fail make: stop here instead
if grep -q -A3 "^Failed to build these modules" /build/python-make.log \
   || grep -q "were removed because they could not be imported" /build/python-make.log; then
  grep -A4 -e "^Failed to build these modules" -e "could not be imported" /build/python-make.log; exit 1
fi
make -s install >/build/python-install.log 2>&1 || { tail -40 /build/python-install.log; exit 1; }
cp /build/python-src/VERSION "$PREFIX/DEBIAN-SOURCE-VERSION"
"$PREFIX/bin/python3.11" -c "import sys, ssl, ctypes, zlib, lzma, bz2, sqlite3, pyexpat, _elementtree, _decimal, \
_multibytecodec, _codecs_cn, _hashlib, _json, _pickle, _datetime; print('>> 构建完成：', sys.version.split()[0])"
