"""A WebForms pager made of submit buttons: which buttons are a pager's, and what to post.

ASP.NET's ``DataPager`` renders its ``NextPreviousPagerField`` and ``NumericPagerField`` as
LinkButtons (``javascript:__doPostBack`` links, read by
:meth:`crawlers.strategies.auto.AutoStrategy.pager_postbacks`), Buttons or ImageButtons, as
its ``ButtonType`` says. As Buttons they are ``<input type="submit"
name="ctl00$…$dpServices$ctl02$ctl00" value="بعدی">`` (or ``value="2"``) inside the page's
one POST form: the other pages exist only as that form posted with the clicked button's
name=value, as a browser sends it. That form holds every control of the page (a search box,
a login box, a «ذخیره» button), so only a button that is clearly a pager's is ever clicked:
its label a page number, a forward word («بعدی», «صفحه بعد», ``>``, ``»``, «آخرین») or the
numeric field's ``...`` (the next group of numbers), *and* its name, id or a container's id
or class naming a pager (``DataPager1``, ``dpServices``, ``…Pager…``, ``pagination``; a
forward word also ``btnNext``). A button whose name or id names a state change (save,
delete, vote, login…: :func:`crawlers.loadmore.names_a_change`) or that is disabled is
never clicked, and what is posted is the form's hidden fields (``__VIEWSTATE``,
``__VIEWSTATEGENERATOR``, ``__EVENTVALIDATION``) plus that one button: never the form's
text boxes or lists, nor any other button.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsel import Selector

from crawlers.extract import fold, text_of
from crawlers.loadmore import names_a_change

MAX_BUTTONS = 200  # submit buttons of one form looked at
# A form's submit buttons: ``<input type=submit|image>`` and ``<button>`` (submit by default).
_TYPE = "translate(@type, 'SUBMITAGE', 'submitage')"
BUTTONS = (
    f".//input[@name][{_TYPE} = 'submit' or {_TYPE} = 'image']"
    f" | .//button[@name][not(@type) or {_TYPE} = 'submit']"
)
# The fields a post leaves out: all but the hidden ones (and buttons, never sent unclicked).
_SHOWN_FIELDS = (
    ".//textarea[@name] | .//select[@name]"
    f" | .//input[@name][not({_TYPE} = 'hidden' or {_TYPE} = 'submit' or {_TYPE} = 'image'"
    " or translate(@type, 'RESTBUTON', 'restbuton') = 'reset'"
    " or translate(@type, 'RESTBUTON', 'restbuton') = 'button')]"
)
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_NUMBER = re.compile(r"\d{1,4}")
# Labels that move forward: NextPreviousPagerField's Next and Last (and GridView's ``>``,
# ``>>``), in Persian and English; the numeric field's ``...`` shows the next group.
_FORWARD = {
    "بعدی",
    "بعد",
    "صفحه بعد",
    "صفحه بعدی",
    "آخرین",
    "آخر",
    "صفحه آخر",
    "آخرین صفحه",
    "next",
    "next page",
    "last",
    "last page",
    ">",
    ">>",
    "»",
    "»»",
    "›",
    "›|",
    ">|",
}
_MORE = {"...", "…"}
# A pager named in a control id, one segment of ``ctl00$Main$dpServices$ctl01$ctl00`` or
# ``Main_dpServices``: ``DataPager1``, ``dpServices`` (the ``dp`` prefix of the naming
# conventions), ``gvPager``, ``pagination``.
_PAGER_SEGMENT = re.compile(r"(?i:pager|paging|pagination|pagenav)|^dp[A-Z0-9_]")
_NEXT_SEGMENT = re.compile(r"^(?:btn|lnk|cmd|ib|img|button)?_?(?:next|last)(?:page)?\d*$", re.I)
_SEGMENTS = re.compile(r"[$:_.\-\s]+")
_DISABLED = "@disabled or contains(@class, 'aspNetDisabled')"
_CONTAINERS = "ancestor::*[position() <= 3]"


@dataclass(frozen=True)
class PagerButton:
    """One pager button: its ``name``, its label (``value``, else its text or ``alt``) and
    ``number`` (the page it asks) for a numbered one, else None (forward or ``...``)."""

    node: Selector
    name: str
    label: str
    number: int | None
    image: bool = False

    @property
    def more(self) -> bool:
        """The numeric field's ``...``: the next (or previous) group of page numbers."""
        return self.label in _MORE

    def data(self, form: Selector) -> dict[str, str | None]:
        """What to change in ``form``'s own fields (form2request's ``data``, sent without
        a click of its own): every field that is not hidden left out (None), the button's
        name=value added (a ``<button>`` without a value sends its name, empty); for an image
        button (ImageButton), the point clicked (``name.x``, ``name.y``)."""
        data: dict[str, str | None] = {
            str(field.attrib["name"]): None for field in form.xpath(_SHOWN_FIELDS)[:500]
        }
        if self.image:
            data |= {f"{self.name}.x": "1", f"{self.name}.y": "1"}
        else:
            data[self.name] = self.node.attrib.get("value", "")
        return data


def pager_buttons(form: Selector) -> list[PagerButton]:
    """The buttons of ``form`` that are clearly a pager's (see the module), in page order."""
    found = []
    for node in form.xpath(BUTTONS)[:MAX_BUTTONS]:
        if node.xpath(f"boolean({_DISABLED})").get() == "1":
            continue
        name = str(node.attrib["name"])
        image = node.attrib.get("type", "").lower() == "image"
        label = _label(node, image)
        number = int(label) if _NUMBER.fullmatch(label) else None
        if number is None and label.lower() not in _FORWARD | _MORE:
            continue
        own = [s for part in (name, node.attrib.get("id", "")) for s in _SEGMENTS.split(part) if s]
        if any(names_a_change(segment) for segment in own):
            continue
        segments = list(own)
        containers = node.xpath(f"{_CONTAINERS}/@id | {_CONTAINERS}/@class").getall()
        segments += [s for part in containers for s in _SEGMENTS.split(part) if s]
        pager = any(_PAGER_SEGMENT.search(s) for s in segments)
        if number is None and label not in _MORE:  # a forward word: btnNext names it too
            pager = pager or any(_NEXT_SEGMENT.match(s) for s in own)
        if pager:
            found.append(PagerButton(node, name, label, number, image))
    return found


def _label(node: Selector, image: bool) -> str:
    """What a button says: an ``<input>``'s ``value``, a ``<button>``'s text, an image's
    ``alt`` or ``title``; folded, spaces collapsed, digits in ASCII."""
    if image:
        said = node.attrib.get("alt") or node.attrib.get("title") or ""
    elif node.root.tag == "button":
        said = text_of(node) or node.attrib.get("value", "")
    else:
        said = node.attrib.get("value", "")
    return fold(said).translate(_DIGITS)
