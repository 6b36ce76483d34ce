#!/usr/bin/env bash
# Measure the built bundle: unpacked size and cold start to a usable window.
#   packaging/measure.sh [BUNDLE_DIR]      (default: dist/annotator)
# "Cold" drops the page cache first when allowed (root on Linux); otherwise the
# figure is a warm start and says so. Needs no display (Qt offscreen).
set -euo pipefail
bundle=${1:-dist/annotator}
exe="$bundle/annotator"
[ -x "$exe" ] || { echo "no bundle at $bundle (build it first)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen HOME="$work/home"   # throwaway settings, nothing of the user's touched
"$exe" new "$work/p.annotator" >/dev/null
"$exe" import "$work/p.annotator" "$bundle/_internal/annotator/_resources/samples" >/dev/null

echo "unpacked size: $(du -sh "$bundle" | cut -f1)  ($bundle)"
for run in 1 2 3; do
    kind=warm
    if sync 2>/dev/null && { echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null; then kind=cold; fi
    t0=$(date +%s.%N)
    out=$("$exe" --startup-probe "$work/p.annotator" 2> >(grep -v propagateSizeHints >&2))
    usable=$(sed -n 's/^window usable at \([0-9.]*\).*/\1/p' <<<"$out")
    loaded=$(sed -n 's/^pipeline loaded at \([0-9.]*\).*/\1/p' <<<"$out")
    awk -v k="$kind" -v r="$run" -v t0="$t0" -v u="$usable" -v l="$loaded" \
        'BEGIN { printf "run %d (%s): usable window after %.2f s, pipeline loaded after %.2f s\n", r, k, u - t0, l - t0 }'
done
