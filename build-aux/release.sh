#!/bin/bash
# Tags a release and points the Flathub manifest at it.
#
#   build-aux/release.sh
#
# Run on a clean main whose meson.build carries the new version and whose
# metainfo has a <release> entry for it. Creates the annotated tag
# v<version> (the tag the metainfo's screenshot URLs name), then commits
# flatpak/io.github.sockplay.SocketPlayground.json with that tag and the
# commit it points at. A manifest cannot name the commit that contains it,
# so the manifest update is the commit after the tag. Push both, then copy
# the manifest into the Flathub repository of the app.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "release.sh: $*" >&2; exit 1; }

manifest=flatpak/io.github.sockplay.SocketPlayground.json
version=$(sed -n "s/^  version: '\([^']*\)',$/\1/p" meson.build)
[ -n "$version" ] || die "no version: '…' line in meson.build"
tag=v$version

git diff --quiet HEAD -- || die "the work tree has changes; commit them first"
grep -q "<release version=\"$version\"" data/io.github.sockplay.SocketPlayground.metainfo.xml.in.in ||
  die "the metainfo has no <release version=\"$version\"> with its notes"
! git rev-parse -q --verify "refs/tags/$tag" >/dev/null || die "$tag exists already"

git tag -a "$tag" -m "Socket Playground $version"
commit=$(git rev-parse "$tag^{commit}")

python3 - "$manifest" "$tag" "$commit" <<'PY'
import json, sys
path, tag, commit = sys.argv[1:]
with open(path) as f:
    manifest = json.load(f)
source = manifest['modules'][-1]['sources'][0]
assert source['type'] == 'git', source
source['tag'], source['commit'] = tag, commit
with open(path, 'w') as f:
    f.write(json.dumps(manifest, indent=4, ensure_ascii=False) + '\n')
PY
git commit -q -m "Flatpak: the Flathub manifest builds $tag ($commit)" -- "$manifest"
echo "Tagged $tag at $commit and updated $manifest."
echo "Next: git push origin HEAD $tag, then copy $manifest to the Flathub repository."
