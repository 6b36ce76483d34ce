"""An XMI file from anyone never makes the import read another file (XML external entities)."""

from __future__ import annotations

from pathlib import Path

from annotator.store import Project
from annotator.usecases.importing import import_paths

XXE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmi:version="2.0">\
<cas:NULL xmi:id="0"/><cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" \
sofaString="Hello &e; world"/><cas:View sofa="1" members=""/></xmi:XMI>
"""


def test_external_entities_are_not_read(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    hostile = tmp_path / "doc.xmi"
    hostile.write_text(XXE.format(secret=secret), encoding="utf-8")
    report = import_paths(project, [hostile])
    assert report.imported == 0 and len(report.refused) == 1
    assert "not a readable UIMA CAS file" in report.refused[0].reason
    assert project.counts().articles == 0 and "SECRET-CONTENT" not in report.refused[0].reason
