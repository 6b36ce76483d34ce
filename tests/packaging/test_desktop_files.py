"""The Linux desktop files shipped in resources/: .desktop entry, icon, AppStream metadata."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

from annotator.resources import resources_dir

APP_ID = "io.github.annotator.Annotator"
SVG = "{http://www.w3.org/2000/svg}"


def test_desktop_entry_launches_the_app_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(resources_dir() / "linux" / f"{APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    assert desktop["Exec"].split()[:2] == ["annotator", "open"]
    assert desktop["Icon"] == APP_ID and desktop["Categories"].endswith(";")


def test_icon_is_a_square_svg() -> None:
    root = ET.parse(resources_dir() / "icons" / "annotator.svg").getroot()
    assert root.tag == f"{SVG}svg"
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert width == height


def test_appstream_metadata_names_the_desktop_entry() -> None:
    root = ET.parse(resources_dir() / "linux" / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.attrib["type"] == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("metadata_license") == "CC0-1.0" and root.findtext("project_license") == "MIT"
    assert root.findtext("provides/binary") == "annotator"
    assert all(p.text and p.text.strip() for p in root.iterfind("description/p"))


def test_every_shipped_resource_is_inside_the_bundle_spec() -> None:
    """The spec ships resources/ whole, so new files (icons, desktop files) are bundled too."""
    spec = (Path(__file__).resolve().parents[2] / "packaging" / "annotator.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "annotator/_resources")' in spec
