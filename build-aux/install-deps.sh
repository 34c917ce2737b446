# Sourced by build-aux/quickstart.sh and build-aux/bench.sh: installs the
# Debian packages given to install_deps that are not installed yet, and
# build_deps: what building the app takes.
#
# SPDX-License-Identifier: GPL-3.0-or-later

build_deps=(
  gcc pkg-config meson ninja-build gettext
  libgtk-4-dev libadwaita-1-dev libglib2.0-dev libglib2.0-bin
  desktop-file-utils appstream
  adwaita-icon-theme fonts-cantarell fonts-noto-cjk
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_deps() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}
