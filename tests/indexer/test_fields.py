"""The field vocabulary: many portal labels, one name per detail."""

from __future__ import annotations

import pytest

from indexer.fields import FieldVocabulary, default_vocabulary


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("مدارک مورد نیاز", "documents"),
        ("مدارك لازم:", "documents"),  # Arabic kaf and a colon
        ("documents", "documents"),
        ("مدارک مورد نیاز برای نقل و انتقال", "documents"),  # by the alias it starts with
        ("هزینه", "fee"),
        ("تعرفه", "fee"),
        ("Fee", "fee"),
        ("مدت زمان انجام", "duration"),
        ("شرح خدمت", "description"),
        ("شناسه خدمت", "national_id"),
        ("نحوه ارائه", "channel"),
        ("کد", "code"),
        ("رنگ جلد پرونده", "رنگ جلد پرونده"),  # unknown: kept as written
    ],
)
def test_labels_map_to_the_vocabulary(label: str, name: str) -> None:
    assert default_vocabulary().name_of(label) == name


def test_mapping_keeps_the_first_of_two_labels_and_is_idempotent() -> None:
    vocab = default_vocabulary()
    mapped = vocab.canonical({"مدارک لازم": "کارت ملی", "documents": "دیگر", "تعرفه": "رایگان"})
    assert mapped == {"documents": "کارت ملی", "fee": "رایگان"}
    assert vocab.canonical(mapped) == mapped


@pytest.mark.parametrize(
    ("fields", "text", "channel"),
    [
        ({"channel": "غیرحضوری"}, "", "online"),
        ({}, "خدمات مالیاتی به صورت غیرحضوری ارائه می‌شود", "online"),
        ({}, "مراجعه حضوری فقط با نوبت اینترنتی انجام می‌شود", "both"),
        ({}, "با مراجعه به دفتر اسناد رسمی", "in_person"),
        ({}, "صدور پروانه ساختمان", None),
    ],
)
def test_channel_from_the_field_or_the_text(fields, text, channel) -> None:
    assert default_vocabulary().channel(fields, text) == channel


def test_a_malformed_table_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="field 'fee' needs a `label`"):
        FieldVocabulary.parse({"fields": {"fee": {"aliases": ["هزینه"]}}})
    with pytest.raises(ValueError, match="names two fields"):
        twice = {"label": "x", "aliases": ["هزینه"]}
        FieldVocabulary.parse({"fields": {"a": twice, "b": twice}})
