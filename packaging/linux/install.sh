#!/usr/bin/env bash
# Install the built bundle for the current user on a Linux desktop:
#   packaging/linux/install.sh [BUNDLE_DIR]    (default: dist/annotator)
# The bundle goes to ~/.local/opt/annotator, the command to ~/.local/bin, and
# the .desktop file, icon and AppStream metadata where desktops look for them.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bundle=${1:-$repo/dist/annotator}
app_id=io.github.annotator.Annotator
data=${XDG_DATA_HOME:-$HOME/.local/share}
[ -x "$bundle/annotator" ] || { echo "no bundle at $bundle (build it first)" >&2; exit 1; }
res="$bundle/_internal/annotator/_resources"

rm -rf "$HOME/.local/opt/annotator"
mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" "$data/applications" "$data/icons/hicolor/scalable/apps" "$data/metainfo"
cp -a "$bundle" "$HOME/.local/opt/annotator"
ln -sf "$HOME/.local/opt/annotator/annotator" "$HOME/.local/bin/annotator"
# Exec names the installed command by its full path: ~/.local/bin may not be on a desktop session's PATH.
sed "s|^Exec=annotator |Exec=$HOME/.local/opt/annotator/annotator |" "$res/linux/$app_id.desktop" \
    >"$data/applications/$app_id.desktop"
cp "$res/icons/annotator.svg" "$data/icons/hicolor/scalable/apps/$app_id.svg"
cp "$res/linux/$app_id.metainfo.xml" "$data/metainfo/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
echo "installed: $HOME/.local/bin/annotator and the desktop entry $app_id"
