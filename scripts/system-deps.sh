#!/usr/bin/env bash
# Installs the Debian packages the test suite cross-checks against, when they are missing and
# we may install them (root with apt-get). Elsewhere it only says what is missing; the tests
# that need a tool skip with that reason.
set -euo pipefail
need=()
# tool:package pairs.
deps=(
  ssh-keygen:openssh-client   # cross-checks signed checklists with ssh-keygen -Y verify
  pdfsig:poppler-utils        # cross-checks the PDF signature
  pdfdetach:poppler-utils     # (same package) reads the PDF's attachments
  openssl:openssl             # cross-checks the DSSE signature over the PAE bytes
  Xvfb:xvfb                   # the one real-window smoke test
  xauth:xauth
  appstreamcli:appstream                   # validates the Linux AppStream metainfo
  desktop-file-validate:desktop-file-utils # validates the Linux .desktop launcher
  strip:binutils                           # make package: PyInstaller strips Linux binaries
)
for pair in "${deps[@]}"; do
  tool=${pair%%:*}; pkg=${pair##*:}
  command -v "$tool" >/dev/null 2>&1 || need+=("$pkg")
done
# library:package pairs: what Qt's xcb platform plugin needs for the real-window smoke test.
libs=(
  libxcb-cursor.so.0:libxcb-cursor0
  libxcb-icccm.so.4:libxcb-icccm4
  libxcb-keysyms.so.1:libxcb-keysyms1
)
for pair in "${libs[@]}"; do
  lib=${pair%%:*}; pkg=${pair##*:}
  ldconfig -p 2>/dev/null | grep -q "$lib" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Missing (tests that need them will skip): ${need[*]}" >&2
fi
