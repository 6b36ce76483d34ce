"""Checks a Label Studio export with Label Studio's own SDK (label-studio-sdk), the way
its users consume it. Run with a Python that has label-studio-sdk (it is not a
dependency of ours; e.g. ``python3 -m venv /tmp/ls && /tmp/ls/bin/pip install label-studio-sdk``):

    annotator export P --gold -f label-studio -o gold.json
    /tmp/ls/bin/python tests/benchmarks/check_label_studio.py gold.json

It validates every annotation against the labeling config written beside the
export (and that a wrong label is caught), then converts the export with the
SDK's Converter to CoNLL 2003 and JSON-MIN; ``annotator import`` can then read
the JSON-MIN back. Without the SDK it says so and exits 0.
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path


def main(export: Path) -> int:
    try:
        from label_studio_sdk.converter import Converter
        from label_studio_sdk.label_interface import LabelInterface
    except ImportError:
        print("label-studio-sdk is not installed here: nothing checked")
        return 0
    config = export.with_name(export.stem + ".label_config.xml").read_text(encoding="utf-8")
    interface = LabelInterface(config)
    tasks = json.loads(export.read_text(encoding="utf-8"))
    annotations = [a for t in tasks for a in t["annotations"]]
    valid = sum(bool(interface.validate_annotation(a)) for a in annotations)
    print(f"annotations valid for the labeling config: {valid} of {len(annotations)}")
    broken = copy.deepcopy(annotations[0])
    broken["result"][0]["value"]["labels"] = ["NOT-A-LABEL"]
    print(f"an annotation with an unknown label is refused: {not interface.validate_annotation(broken)}")
    converter = Converter(config=config, project_dir=str(export.parent))
    out = Path(tempfile.mkdtemp(prefix="ls-check-"))
    converter.convert_to_conll2003(str(export), str(out / "conll"), is_dir=False)
    tags = Counter(
        line.split()[-1]
        for f in (out / "conll").iterdir()
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("-DOCSTART-")
    )
    begins = sum(n for tag, n in tags.items() if tag.startswith("B-"))
    print(f"CoNLL 2003 by the SDK: {sum(tags.values())} tokens, B- tags {begins}")
    converter.convert_to_json_min(str(export), str(out / "min"), is_dir=False)
    [made] = list((out / "min").iterdir())
    print(f"JSON-MIN by the SDK: {made} (annotator import reads it back)")
    return 0 if valid == len(annotations) else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
