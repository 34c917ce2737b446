#!/bin/sh
# What CI can check of the Flatpak packaging without fetching the GNOME
# runtime (flatpak-builder cannot download it here), against what Flathub
# asks of an app:
#
#  - both manifests: the current GNOME runtime, the same finish-args and the
#    same module; the Flathub one builds a git tag (v + the meson version) at
#    a given commit, the local one the checkout (dir source) with the
#    development profile;
#  - the module's build and install as flatpak-builder runs it (meson,
#    prefix /app, the manifest's config-opts), for each manifest: every file
#    named after its app id, where the desktop file and metainfo expect it;
#  - desktop-file-validate says nothing at all, appstreamcli validate passes;
#  - app id io.github.OWNER.REPO and homepage https://github.com/OWNER/REPO
#    agree; the summary has 35 characters at most; the newest release is this
#    version and has notes;
#  - screenshots: URLs on the release tag, naming files in data/screenshots/,
#    each with a caption; every PNG there a window capture on a transparent
#    background (alpha channel, clear corners, a soft shadow at the edges).
#
# usage: check-flatpak.sh SRCDIR
set -eu
src=$(cd "${1:-.}" && pwd -P)
id=io.github.sockplay.SocketPlayground
flathub="$src/flatpak/$id.json"
local_manifest="$src/flatpak/$id.Devel.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "not ok: $*"; exit 1; }

if command -v flatpak-builder >/dev/null 2>&1; then
  for m in "$flathub" "$local_manifest"; do
    (cd "$tmp" && flatpak-builder --show-manifest "$m" >/dev/null) || fail "flatpak-builder cannot read $m"
  done
  echo "ok: flatpak-builder parses both manifests"
else
  echo "skip: flatpak-builder is not installed"
fi

# The project's version, as build-aux/release.sh reads it. (meson introspect
# without a build directory does not finish on this meson.build.)
version=$(sed -n "s/^  version: '\([^']*\)',$/\1/p" "$src/meson.build")
[ -n "$version" ] || fail "no version: '…' line in meson.build"

# The manifests themselves. Writes each one's config-opts, and the git
# source's tag and commit, for the steps below.
python3 - "$flathub" "$local_manifest" "$id" "$version" "$tmp" <<'PY'
import json, re, sys
flathub_path, local_path, app_id, version, tmp = sys.argv[1:]
flathub, local = (json.load(open(p)) for p in (flathub_path, local_path))

def check(ok, what):
    if not ok:
        print('not ok:', what)
        sys.exit(1)

want_args = ['--share=network', '--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri']
for name, m in (('Flathub', flathub), ('local', local)):
    check(m['runtime'] == 'org.gnome.Platform' and m['sdk'] == 'org.gnome.Sdk',
          f'{name} manifest: runtime {m["runtime"]}, sdk {m["sdk"]}')
    check(m['runtime-version'] == '51', f'{name} manifest: runtime-version {m["runtime-version"]}, not 51')
    # Network, display and GPU only; files go through portals.
    check(sorted(m['finish-args']) == sorted(want_args), f'{name} manifest: finish-args {m["finish-args"]}')
    check(m['command'] == 'socket-playground', f'{name} manifest: command {m["command"]}')
    # Preferences can choose any of the app's languages, whatever the
    # system's: every translation ships with the app, not in a Locale
    # extension holding only the system's languages.
    check(m.get('separate-locales') is False, f'{name} manifest: separate-locales is not false')
    check(m['modules'][-1]['buildsystem'] == 'meson', f'{name} manifest: the app is not built with meson')
print('ok: both manifests: org.gnome.Platform 51, network/display/GPU only, socket-playground')

check(flathub['id'] == app_id, f'Flathub manifest id {flathub["id"]}')
module = flathub['modules'][-1]
check(len(module['sources']) == 1 and module['sources'][0]['type'] == 'git',
      f'Flathub manifest: the app module has sources {module["sources"]}, not one git source')
git = module['sources'][0]
# Flathub's rule: io.github.OWNER.REPO is built from github.com/OWNER/REPO.
_, _, owner, repo = app_id.split('.')
check(git.get('url') == f'https://github.com/{owner}/{repo}.git', f'git url {git.get("url")}, not the app id\'s repository')
check(git.get('tag') == 'v' + version, f'git tag {git.get("tag")}, not v{version} (meson.build)')
check(re.fullmatch(r'[0-9a-f]{40}', git.get('commit', '')) is not None,
      f'git commit {git.get("commit")!r} is not 40 hex digits')
print(f'ok: Flathub manifest builds {git["url"]} tag {git["tag"]} commit {git["commit"]}')

# The local manifest builds the same module from the checkout, in the
# development profile: only the id, the source and the profile differ.
check(local['id'] == app_id + '.Devel', f'local manifest id {local["id"]}')
local_module = local['modules'][-1]
check(local_module['sources'] == [dict(local_module['sources'][0], type='dir', path='..')],
      f'local manifest: the app module has sources {local_module["sources"]}, not the checkout as a dir')
same = lambda m: {k: v for k, v in m.items() if k not in ('id', 'modules')}
check(same(local) == same(flathub), 'the two manifests differ beyond id, source and profile')
check(local['modules'][:-1] == flathub['modules'][:-1], 'the two manifests have different dependency modules')
check(local_module['config-opts'] == module['config-opts'] + ['-Dprofile=development'],
      f'local config-opts {local_module["config-opts"]} are not the Flathub ones plus -Dprofile=development')
check({k: v for k, v in local_module.items() if k not in ('sources', 'config-opts')}
      == {k: v for k, v in module.items() if k not in ('sources', 'config-opts')},
      'the local manifest builds a different module')
print('ok: the local manifest builds the same module from the checkout, profile development')

for name, m in (('flathub', flathub), ('local', local)):
    open(f'{tmp}/{name}.opts', 'w').write('\n'.join(m['modules'][-1].get('config-opts', [])))
open(f'{tmp}/commit', 'w').write(git['commit'])
open(f'{tmp}/tag', 'w').write(git['tag'])
PY
commit=$(cat "$tmp/commit")
tag=$(cat "$tmp/tag")

# The commit is one of this repository's, when there is history to look in.
# The tag is made at release time (build-aux/release.sh): from then on the
# manifest names the tag's commit; the tagged tree itself still has the
# previous one, since a commit cannot name itself.
if [ "$(git -C "$src" rev-parse --show-toplevel 2>/dev/null)" != "$src" ]; then
  echo "skip: not a git checkout, the commit is not looked up"
elif [ "$(git -C "$src" rev-parse --is-shallow-repository)" = true ]; then
  echo "skip: a shallow clone, the commit is not looked up"
else
  git -C "$src" cat-file -e "$commit^{commit}" 2>/dev/null ||
    fail "the manifest's commit $commit is not in this repository"
  git -C "$src" merge-base --is-ancestor "$commit" HEAD ||
    fail "the manifest's commit $commit is not in the history of HEAD"
  if tagged=$(git -C "$src" rev-parse -q --verify "refs/tags/$tag^{commit}"); then
    if [ "$tagged" = "$commit" ]; then
      echo "ok: the manifest's commit is tag $tag's"
    elif [ "$tagged" = "$(git -C "$src" rev-parse HEAD)" ]; then
      echo "ok: this is tag $tag itself; the commit after it names it in the manifest"
    else
      fail "tag $tag is $tagged, the manifest says $commit (build-aux/release.sh sets both)"
    fi
  else
    echo "ok: the manifest's commit is in this repository's history (tag $tag is made at release)"
  fi
fi

# The module's build, as flatpak-builder runs it, for each manifest.
install_module() { # NAME OPTS-FILE
  # shellcheck disable=SC2046
  meson setup "$tmp/build-$1" "$src" --prefix=/app $(cat "$2") >/dev/null
  # What gets installed, not the tests: the module's build is what matters.
  meson introspect --targets "$tmp/build-$1" | python3 -c '
import json, os, sys
build = sys.argv[1]
for target in json.load(sys.stdin):
    if target["installed"]:
        print("\n".join(os.path.relpath(f, build) for f in target["filename"]))' "$tmp/build-$1" >"$tmp/outputs"
  # shellcheck disable=SC2046
  ninja -C "$tmp/build-$1" $(cat "$tmp/outputs") >/dev/null
  DESTDIR="$tmp/$1" meson install -C "$tmp/build-$1" --no-rebuild >/dev/null
}

check_installed() { # STAGE APP-ID
  app="$1/app"
  for f in \
    bin/socket-playground \
    share/applications/$2.desktop \
    share/metainfo/$2.metainfo.xml \
    share/icons/hicolor/scalable/apps/$2.svg \
    share/icons/hicolor/symbolic/apps/$2-symbolic.svg \
    share/glib-2.0/schemas/$2.gschema.xml \
    share/mime/packages/$2.xml \
    share/locale/zh_CN/LC_MESSAGES/socket-playground.mo
  do
    [ -e "$app/$f" ] || fail "/app/$f is missing"
  done
  # Flatpak exports only files named after the app id.
  for f in $(cd "$app/share" && find applications metainfo icons mime/packages glib-2.0/schemas -type f); do
    case "${f##*/}" in
      "$2".*|"$2"-symbolic.*) ;;
      *) fail "/app/share/$f is not named after $2" ;;
    esac
  done
  echo "ok: $2: every installed file is in place, named after the app id"

  grep -q "^Exec=socket-playground" "$app/share/applications/$2.desktop"
  grep -q "^Icon=$2$" "$app/share/applications/$2.desktop"
  grep -q "<id>$2</id>" "$app/share/metainfo/$2.metainfo.xml"
  grep -q "<launchable type=\"desktop-id\">$2.desktop</launchable>" "$app/share/metainfo/$2.metainfo.xml"
  grep -q "<schema id=\"$2\"" "$app/share/glib-2.0/schemas/$2.gschema.xml"
  echo "ok: $2: desktop file, metainfo and schema name the installed binary, icon and id"

  out=$(desktop-file-validate "$app/share/applications/$2.desktop" 2>&1) ||
    fail "desktop-file-validate: $out"
  [ -z "$out" ] || fail "desktop-file-validate has something to say: $out"
  echo "ok: $2: desktop-file-validate says nothing"

  out=$(appstreamcli validate --no-net "$app/share/metainfo/$2.metainfo.xml" 2>&1) ||
    fail "appstreamcli validate: $out"
  # Pedantic: the id has capitals (Flathub's io.github.OWNER.REPO rule
  # makes them) and AppStream before 1.0 does not know <developer>; anything
  # else it finds is a defect.
  appstreamcli validate --no-net --pedantic "$app/share/metainfo/$2.metainfo.xml" >"$tmp/pedantic" 2>&1 || true
  if grep -E '^[EWIP]: ' "$tmp/pedantic" | grep -v -E ': (cid-contains-uppercase-letter|unknown-tag developer)$' >"$tmp/issues"; then
    fail "appstreamcli validate --pedantic: $(cat "$tmp/issues")"
  fi
  echo "ok: $2: appstreamcli validate passes (pedantic: only the id's capitals$(grep -q 'unknown-tag developer' "$tmp/pedantic" && echo ', and <developer>, newer than this appstreamcli'))"
}

install_module flathub "$tmp/flathub.opts"
check_installed "$tmp/flathub" "$id"
install_module local "$tmp/local.opts"
check_installed "$tmp/local" "$id.Devel"

# The installed metainfo against Flathub's rules.
python3 - "$tmp/flathub/app/share/metainfo/$id.metainfo.xml" "$src" "$tag" "$version" <<'PY'
import os, re, sys
import xml.etree.ElementTree as ET
path, src, tag, version = sys.argv[1:]
root = ET.parse(path).getroot()
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'

def check(ok, what):
    if not ok:
        print('not ok:', what)
        sys.exit(1)

app_id = root.findtext('id')
m = re.fullmatch(r'io\.github\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)', app_id)
check(m is not None, f'{app_id} is not io.github.OWNER.REPO')
owner, repo = m.groups()
project = f'https://github.com/{owner}/{repo}'
urls = {u.get('type'): u.text for u in root.findall('url')}
check(urls.get('homepage') == project, f'homepage {urls.get("homepage")}, not {project} (the app id says so)')
check(urls.get('vcs-browser') == project, f'vcs-browser {urls.get("vcs-browser")}, not {project}')
check(urls.get('bugtracker') == project + '/issues', f'bugtracker {urls.get("bugtracker")}')
print(f'ok: {app_id} lives at {project}')

for summary in root.findall('summary'):
    lang = summary.get(XML_LANG, 'C')
    check(len(summary.text) <= 35, f'summary ({lang}) has {len(summary.text)} characters, more than 35: {summary.text}')
    check(not summary.text.endswith('.'), f'summary ({lang}) ends with a full stop')
print(f'ok: summary "{root.findtext("summary")}" ({len(root.findtext("summary"))} characters, every translation 35 at most)')

releases = root.findall('releases/release')
check(releases and releases[0].get('version') == version,
      f'the newest <release> is {releases[0].get("version") if releases else None}, not {version}')
for r in releases:
    check(r.find('description') is not None, f'release {r.get("version")} has no notes')
print(f'ok: release {version} is the newest, every release has notes')

check(root.find('content_rating') is not None, 'no <content_rating>')
check(root.find('developer[@id]/name') is not None, 'no <developer id="…"> with a <name>')
schemes = {c.get('scheme_preference') for c in root.findall('branding/color[@type="primary"]')}
check(schemes == {'light', 'dark'}, f'branding colours for {schemes}, not light and dark')
print('ok: content rating, developer id, light and dark branding colours')

prefix = f'https://raw.githubusercontent.com/{owner}/{repo}/{tag}/'
shots = root.findall('screenshots/screenshot')
check(shots, 'no screenshots')
check(len([s for s in shots if s.get('type') == 'default']) == 1, 'not exactly one default screenshot')
for shot in shots:
    check(shot.findtext('caption'), 'a screenshot without a caption')
    for image in shot.findall('image'):
        url = image.text
        check(url.startswith(prefix), f'screenshot {url} is not on the release tag ({prefix})')
        file = url[len(prefix):]
        check(file.startswith('data/screenshots/') and os.path.isfile(os.path.join(src, file)),
              f'screenshot {url}: no {file} in the source tree')
print(f'ok: {len(shots)} screenshots, each with a caption, at {prefix}data/screenshots/')
PY

# Every screenshot is a window capture: an alpha channel, clear corners (no
# black bands around the window), an opaque window, and a shadow that fades
# out towards the edge.
if ! command -v convert >/dev/null 2>&1; then
  fail "ImageMagick (convert) is needed to look at the screenshots"
fi
n=0
for png in "$src"/data/screenshots/*.png; do
  name=${png#"$src/"}
  # shellcheck disable=SC2046
  set -- $(convert "$png" -format '%[channels] %w %h %[fx:p{0,0}.a] %[fx:p{w-1,0}.a] %[fx:p{0,h-1}.a] %[fx:p{w-1,h-1}.a] %[fx:p{w/2,h/2}.a]' info:)
  case "$1" in
    *a) ;;
    *) fail "$name has no alpha channel ($1): not a window capture" ;;
  esac
  w=$2 h=$3
  [ "$4$5$6$7" = 0000 ] || fail "$name: the corners are not transparent ($4 $5 $6 $7)"
  [ "$8" = 1 ] || fail "$name: the middle of the window is not opaque"
  # Left to right through the middle row: transparent, then shadow (partly
  # transparent), then the window.
  convert "$png" -crop "${w}x1+0+$((h / 2))" +repage -alpha extract -depth 8 gray:"$tmp/row"
  python3 - "$tmp/row" "$name" <<'PY'
import sys
row, name = open(sys.argv[1], 'rb').read(), sys.argv[2]
half = row[:len(row) // 2]
first_opaque = next((i for i, a in enumerate(half) if a == 255), None)
if first_opaque is None or half[0] != 0 or not any(0 < a < 255 for a in half[:first_opaque]):
    print(f'not ok: {name}: no soft shadow left of the window (alpha {list(half[:40])}…)')
    sys.exit(1)
PY
  n=$((n + 1))
done
[ $n -gt 0 ] || fail "no screenshots in data/screenshots/"
echo "ok: $n screenshots are window captures (alpha, clear corners, a shadow)"
