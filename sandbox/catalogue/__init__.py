"""The province's service catalogue: what each agency offers, whatever its portal looks like.

Each portal module renders these records in its own style and the ground truth is
derived from the same records, so the two can never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CITIES: tuple[str, ...] = ("کرج", "فردیس", "نظرآباد", "ساوجبلاغ", "طالقان", "اشتهارد")

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_ARABIC_LETTERS = str.maketrans("یک", "يك")


def persian_digits(text: str) -> str:
    return text.translate(_PERSIAN_DIGITS)


def latin_digits(text: str) -> str:
    return text.translate(_LATIN_DIGITS)


def arabic_letters(text: str) -> str:
    """Spell Persian yeh/kaf the way old Arabic-keyboard CMSs store them."""
    return text.translate(_ARABIC_LETTERS)


@dataclass(frozen=True)
class ServiceSpec:
    """One service an agency offers; ``number`` is the portal-local identifier."""

    number: int
    title: str
    category: str
    description: str
    documents: tuple[str, ...]
    fee: str
    duration: str
    audience: str

    @property
    def code(self) -> str:
        """The service code some portals print (Latin digits; portals localise them)."""
        return str(self.number)


@dataclass(frozen=True)
class Family:
    """Services sharing a category, wording and paperwork, e.g. one licence in several fields."""

    category: str
    titles: Sequence[str]
    description: str  # may use {title}
    documents: Sequence[str]
    fee: str
    duration: str
    audience: str = "شهروندان"


def variants(template: str, *axes: Sequence[str]) -> list[str]:
    """Expand a title template over its axes, first axis slowest: ``"{0} ... {1}"``."""
    titles = [template]
    for position, axis in enumerate(axes):
        titles = [t.replace(f"{{{position}}}", value) for t in titles for value in axis]
    return titles


def build(families: Iterable[Family], first_number: int) -> list[ServiceSpec]:
    """Number the services of the families consecutively; numbers are stable across runs."""
    services: list[ServiceSpec] = []
    for family in families:
        for title in family.titles:
            services.append(
                ServiceSpec(
                    number=first_number + len(services),
                    title=title,
                    category=family.category,
                    description=family.description.format(title=title),
                    documents=tuple(family.documents),
                    fee=family.fee,
                    duration=family.duration,
                    audience=family.audience,
                )
            )
    titles = [s.title for s in services]
    duplicates = {t for t in titles if titles.count(t) > 1}
    if duplicates:
        raise ValueError(f"duplicate service titles: {sorted(duplicates)}")
    return services
