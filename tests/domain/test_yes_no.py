"""Yes/no words: the record form and the spreadsheet import read them through one function, so
a word one accepts the other accepts too (有 ✓ 无 不是 used to import but be refused by the form)."""

from __future__ import annotations

import pytest

from app.domain.errors import ValueParseError
from app.domain.yesno import FALSE_WORDS, TRUE_WORDS, parse_yes_no
from app.imports.values import converter
from app.records.convert import parse_texts, parse_value
from app.records.fields import REGISTER_FIELDS, FieldType

MAJOR = next(f for f in REGISTER_FIELDS["cases"] if f.name == "major")
YES = ["是", "Y", "yes", "1", "√", "✓", "✔", "☑", "TRUE", "重大", "有", " 是 ", 1, True]
NO = ["否", "N", "no", "0", "×", "✗", "✘", "☐", "false", "无", "不是", "", "  ", 0, 0.0, False]


def test_the_major_field_is_a_yes_no_field() -> None:
    assert MAJOR.type is FieldType.BOOL


@pytest.mark.parametrize(("raw", "expected"), [(w, True) for w in YES] + [(w, False) for w in NO])
def test_form_and_import_read_the_same_words_alike(raw: object, expected: bool) -> None:
    assert parse_yes_no(raw) is expected
    assert parse_value(MAJOR, raw) == (expected, None)
    assert converter(FieldType.BOOL)(raw) is expected


@pytest.mark.parametrize("word", sorted(TRUE_WORDS | FALSE_WORDS))
def test_every_listed_word_is_taken_by_the_form(word: str) -> None:
    values, errors, _ = parse_texts("cases", {"case_no": "沈水罚字[2019]第001号", "major": word})
    assert "major" not in errors
    assert values["major"] is (word in TRUE_WORDS)


@pytest.mark.parametrize("raw", ["也许", "2", 2.0])
def test_other_words_are_refused_by_both(raw: object) -> None:
    with pytest.raises(ValueParseError, match="是"):
        parse_value(MAJOR, raw)
    with pytest.raises(ValueParseError, match="是"):
        converter(FieldType.BOOL)(raw)
