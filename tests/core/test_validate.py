import pytest

from annotator.core.errors import InputError
from annotator.core.model import Relation, Span
from annotator.core.validate import check_relation, span_from_dict
from annotator.resources import default_scheme

TEXT = "Sanders said no."


def test_span_with_scheme_attribute() -> None:
    span = span_from_dict(
        {"start": 13, "end": 15, "label": "DENIAL", "type": "indirect", "token_start": 2},
        TEXT,
        default_scheme(),
        "s",
    )
    assert span == Span(13, 15, "DENIAL", {"type": "indirect"})


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"start": 0, "end": 99, "label": "PERSON"}, "outside the text"),
        ({"start": 5, "end": 5, "label": "PERSON"}, "outside the text"),
        ({"start": 0, "end": 7, "label": "VILLAIN"}, "unknown label 'VILLAIN'"),
        ({"start": 0, "end": 7, "label": "QUOTE", "type": "sarcastic"}, "type='sarcastic' not allowed"),
        ({"start": 0, "end": 7, "label": "PERSON", "text": "Sander"}, "but the span's text is 'Sander'"),
        ({"start": "0", "end": 7, "label": "PERSON"}, "must be integers"),
        ({"end": 7, "label": "PERSON"}, "no 'start'"),
    ],
)
def test_bad_spans_refused(data: dict, reason: str) -> None:
    with pytest.raises(InputError, match=None) as info:
        span_from_dict(data, TEXT, default_scheme(), "span 1")
    assert reason in info.value.reason


def test_relation_end_labels_checked() -> None:
    person, quote = Span(0, 7, "PERSON"), Span(13, 15, "QUOTE")
    check_relation(Relation("SPEAKER", quote, person), default_scheme(), "r")
    with pytest.raises(InputError, match="cannot start at a PERSON"):
        check_relation(Relation("SPEAKER", person, quote), default_scheme(), "r")
    with pytest.raises(InputError, match="unknown relation 'LOVES'"):
        check_relation(Relation("LOVES", quote, person), default_scheme(), "r")
