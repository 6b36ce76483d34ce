from pathlib import Path

import pytest

from annotator.core.errors import SchemeError
from annotator.core.scheme import Scheme, load_scheme
from annotator.resources import default_scheme, default_scheme_path


def test_news_claims_scheme_matches_the_reference() -> None:
    scheme = default_scheme()
    assert scheme.name == "news-claims"
    keys = {lab.name: lab.key for lab in scheme.labels}
    assert keys == {
        "PERSON": "1",
        "ROLE": "2",
        "QUOTE": "3",
        "DENIAL": "4",
        "CUE": "5",
        "CLAIM": "6",
        "ORG": "7",
    }
    speaker = scheme.relation("SPEAKER")
    assert speaker is not None
    assert speaker.head == ("QUOTE", "DENIAL") and speaker.child == ("PERSON", "ROLE", "ORG")
    assert scheme.relation("ROLE_OF").head == ("ROLE",)  # type: ignore[union-attr]
    assert scheme.relation("CUE_OF").child == ("QUOTE", "DENIAL")  # type: ignore[union-attr]
    assert scheme.relation("DENIES").child == ("CLAIM",)  # type: ignore[union-attr]
    assert scheme.label("QUOTE").attributes == {"type": ("direct", "indirect")}  # type: ignore[union-attr]


def test_scheme_round_trips_through_dict() -> None:
    scheme = default_scheme()
    assert Scheme.from_dict(scheme.to_dict()) == scheme


def test_json_scheme_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    path.write_text('{"name": "tiny", "labels": [{"name": "X", "key": "1", "colour": "#112233"}]}')
    assert load_scheme(path).label_names == ("X",)


BROKEN = [
    ("name = 'x'\nlabels = [", "not valid TOML"),
    ("labels = []\nname='x'", "'labels' is empty"),
    ("name='x'\n[[labels]]\nname='A'\nkey='1'\ncolour='red'", "colour 'red' is not #RRGGBB"),
    (
        "name='x'\n[[labels]]\nname='A'\nkey='1'\ncolour='#000000'\n[[labels]]\nname='B'\nkey='1'\ncolour='#000000'",
        "key '1' already used by 'A'",
    ),
    (
        "name='x'\n[[labels]]\nname='A'\nkey='1'\ncolour='#000000'\n"
        "[[relations]]\nname='R'\nhead=['A']\nchild=['NOPE']",
        "unknown label 'NOPE'",
    ),
    ("name='x'\n[[labels]]\nkey='1'\ncolour='#000000'", "label 1: missing 'name'"),
]


@pytest.mark.parametrize(("content", "reason"), BROKEN)
def test_broken_scheme_refused_with_reason(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content)
    with pytest.raises(SchemeError) as info:
        load_scheme(path)
    assert reason in str(info.value)
    assert str(path) in str(info.value)


def test_default_scheme_file_is_shipped() -> None:
    assert default_scheme_path().is_file()
