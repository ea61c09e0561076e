"""Reading service data out of HTML pages: text, schema.org data, breadcrumbs, labelled fields.

Everything returned is plain text (never markup): crawled HTML is untrusted.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

from parsel import Selector, SelectorList
from parsel.xpathfuncs import set_xpathfunc
from scrapy.http import TextResponse

from crawlers import inlinestyle

_SPACE = re.compile(r"\s+")
# Text a browser does not show is not the page's: a hacked CMS hides casino links and keyword
# stuffing in `display:none` or `hidden` elements (red team round 6). Only what the markup
# itself hides counts; a class whose stylesheet hides it (a closed accordion) is still read.
# The inline style is read as a browser reads it (crawlers.inlinestyle, red team rounds 7 and
# 12), by XPath functions registered below.
_STYLE_HIDES = "ancestor::*[@hidden or @aria-hidden='true' or (@style and dargah-hides(@style))]"
# Text clipped to a 1-pixel box is screen-reader text on real sites («رفتن به محتوای اصلی»,
# an icon link's name, sometimes a service's title) and hidden SEO text on hacked ones: it
# is read only where the page also shows it as a title, heading or link.
_CLIPPED = "ancestor::*[@style and dargah-clips(@style)]"
_HIDDEN = f"({_STYLE_HIDES} or ({_CLIPPED} and not(dargah-shown-elsewhere(string(.), /*))))"
# What a text node sits in when a browser shows nothing of it: code, or hidden markup.
_CODE = "ancestor::script or ancestor::style or ancestor::noscript or ancestor::template"
NOT_SHOWN = f"{_CODE} or {_HIDDEN}"
_TEXT_NODES = f".//text()[not({NOT_SHOWN})]"
_SHOWN_ANYWAY = f".//text()[not({_CODE} or {_STYLE_HIDES} or {_CLIPPED})]"
_NAMING = "//title | //h1 | //h2 | //h3 | //h4 | //h5 | //h6 | //a"

# Arabic-script variants that must not stop a Persian word from matching.
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "\u200c": " "})


def fold(text: str) -> str:
    """Cheap matching form (not the display normalisation): Arabic letters to Persian, one space."""
    return squash(text.translate(_FOLD))


# What a filter-dodging writer slips into a word while a browser still shows the same word
# (red team 11): zero-width characters and bidi marks, the soft hyphen, tatweel and the Arabic
# diacritics. The search analyser (indexer.normalize) drops them too, so a citizen's «کازینو»
# finds «کاز\u200bینو»: a filter that does not would let through what search then shows.
_INVISIBLE = re.compile(
    "[\u00ad\u0640\u064b-\u0652\u0670\u200b\u200d-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def fold_hard(text: str) -> tuple[str, str]:
    """:func:`fold` for filters a writer tries to dodge: compatibility forms first (Arabic
    presentation forms «ﮐﺎﺯﯾﻨﻮ», full-width «Ｃａｓｉｎｏ» are the letters they show), the
    invisible characters dropped. Two forms: a ZWNJ as a space (the way :func:`fold` reads
    «شرط‌بندی»), and with it dropped, as search does, so «کازی‌نو» is «کازینو»."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return fold(text), fold(text.replace("\u200c", ""))


def folded_patterns(patterns: list[str], source: str, kind: str) -> tuple[re.Pattern[str], ...]:
    """A data file's patterns, compiled to match :func:`fold`-ed text in any case; a broken
    one is named with its file and its kind (``page_signs.yaml``, ``spam_signs.yaml``)."""
    try:
        return tuple(re.compile(fold(p), re.IGNORECASE) for p in patterns)
    except re.error as exc:
        raise ValueError(f"{source}: invalid pattern in {kind!r}: {exc}") from exc


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def text_of(selection: Selector | SelectorList[Selector]) -> str:
    """Visible text of an element (or elements), whitespace collapsed."""
    items = [selection] if isinstance(selection, Selector) else list(selection)
    parts: list[str] = []
    for item in items:
        if isinstance(item.root, str):  # an attribute or text node selected directly
            parts.append(item.root)
        else:
            parts.extend(item.xpath(_TEXT_NODES).getall())
    return squash(" ".join(parts))


def _style_is(kind: str) -> Any:
    def test(_context: Any, styles: list[str]) -> bool:
        return any(inlinestyle.hides(str(style)) == kind for style in styles)

    return test


# The few pages whose shown titles, headings and links were last read, by their root element
# (kept referenced, so its id is not reused while it is here).
_SHOWN_NAMES: dict[int, tuple[Any, frozenset[str]]] = {}


def _shown_elsewhere(_context: Any, text: str, roots: list[Any]) -> bool:
    """Whether the page shows ``text`` in a title, a heading or a link of its own, outside
    any hidden or clipped box: screen-reader text repeating what the page shows."""
    said = fold(str(text))
    if not said or not roots:
        return False
    root = roots[0]
    cached = _SHOWN_NAMES.get(id(root))
    if cached is None or cached[0] is not root:
        names = frozenset(
            fold(" ".join(element.xpath(_SHOWN_ANYWAY)))
            for element in itertools.islice(root.xpath(_NAMING), 5000)
        )
        if len(_SHOWN_NAMES) >= 8:
            _SHOWN_NAMES.clear()
        cached = _SHOWN_NAMES[id(root)] = (root, names)
    return any(said in name for name in cached[1] if name)


set_xpathfunc("dargah-hides", _style_is(inlinestyle.HIDDEN))
set_xpathfunc("dargah-clips", _style_is(inlinestyle.CLIPPED))
set_xpathfunc("dargah-shown-elsewhere", _shown_elsewhere)


def list_text(selection: Selector | SelectorList[Selector]) -> str:
    """Like :func:`text_of`, but the items of a list (``<li>``s, or several elements
    selected at once) are joined with «، » instead of running into one another."""
    items = [selection] if isinstance(selection, Selector) else list(selection)
    if len(items) == 1 and not isinstance(items[0].root, str):
        entries = items[0].xpath(".//li")
        if entries:
            items = list(entries)
    return "، ".join(t for t in (text_of(item) for item in items) if t)


def select(response: TextResponse | Selector, query: str) -> SelectorList[Selector]:
    """A recipe selector: XPath when it starts with ``/`` or ``(``, CSS otherwise."""
    if query.startswith(("/", "(")):
        return response.xpath(query)
    return response.css(query)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def load_json(raw: str | bytes) -> Any:
    """JSON as a portal sends it, without lone surrogates (``"\\ud83d"``: a script cut a
    string in the middle of an emoji): Python decodes them, but no text holding one can be
    encoded again, and one such item lost its whole feed page. Half an emoji says nothing."""
    return _clean_strings(json.loads(raw))


def _clean_strings(data: Any) -> Any:
    if isinstance(data, str):
        return _LONE_SURROGATE.sub("", data)
    if isinstance(data, list):
        return [_clean_strings(item) for item in data]
    if isinstance(data, dict):
        return {_clean_strings(key): _clean_strings(value) for key, value in data.items()}
    return data


def json_ld(response: TextResponse) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, ``@graph`` and nested lists flattened."""
    found: list[dict[str, Any]] = []
    for raw in response.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = load_json(raw)
        except ValueError:
            continue
        found.extend(_flatten(data))
    return found


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _flatten(entry)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _flatten(data["@graph"])
        if "@type" in data:
            yield data


def types_of(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type", [])
    names = raw if isinstance(raw, list) else [raw]
    return {str(n).rsplit("/", 1)[-1] for n in names}


def plain(value: Any) -> str:
    """A schema.org value as text: strings as is, lists joined, objects by name."""
    if value is None:
        return ""
    if isinstance(value, str):
        return squash(value)
    if isinstance(value, list):
        return "، ".join(p for p in (plain(v) for v in value) if p)
    if isinstance(value, dict):
        return plain(value.get("name") or value.get("text") or value.get("value") or "")
    return str(value)


def microdata(response: TextResponse, types: set[str]) -> list[dict[str, Any]]:
    """Microdata items of the given types, as JSON-LD-shaped dicts."""
    found = []
    for scope in response.xpath("//*[@itemscope and @itemtype]"):
        kinds = {t.rsplit("/", 1)[-1] for t in (scope.attrib.get("itemtype") or "").split()}
        if not kinds & types:
            continue
        obj: dict[str, Any] = {"@type": sorted(kinds)}
        depth = len(scope.xpath("ancestor-or-self::*[@itemscope]"))
        for prop in ("name", "description", "url", "category", "serviceType"):
            # This item's own properties, not those of items nested in it (its provider...).
            node = [
                n
                for n in scope.xpath(f'.//*[@itemprop="{prop}"]')
                if len(n.xpath("ancestor::*[@itemscope]")) == depth
            ]
            if node:
                first = node[0]
                obj[prop] = (
                    first.attrib.get("content") or first.attrib.get("href") or text_of(first)
                )
        found.append(obj)
    return found


def page_types(response: TextResponse) -> set[str]:
    """schema.org types declared on the page (JSON-LD and microdata)."""
    kinds: set[str] = set()
    for obj in json_ld(response):
        kinds |= types_of(obj)
    for itemtype in response.xpath("//@itemtype").getall():
        kinds |= {t.rsplit("/", 1)[-1] for t in itemtype.split()}
    return kinds


def breadcrumb(response: TextResponse) -> list[str]:
    """Breadcrumb trail (names, outermost first) from BreadcrumbList data or markup."""
    for obj in json_ld(response):
        if "BreadcrumbList" in types_of(obj):
            items = obj.get("itemListElement") or []
            if isinstance(items, list):
                ordered = sorted(
                    (i for i in items if isinstance(i, dict)), key=lambda i: i.get("position", 0)
                )
                names = [plain(i.get("name") or i.get("item")) for i in ordered]
                return [n for n in names if n]
    for query in _TRAILS:
        trail = response.xpath(query)
        if trail:
            parts = trail[0].xpath(".//li")
            if parts:
                crumbs = [text_of(part) for part in parts]
            elif _CRUMB_SEPARATOR.search(text := text_of(trail[0])):
                # «خانه » خدمات » صدور پروانه»: the page's own name is often bare text
                crumbs = _CRUMB_SEPARATOR.split(text)
            else:
                crumbs = [text_of(part) for part in trail[0].xpath("./*")]
            crumbs = [c.strip() for c in crumbs if c.strip() not in ("", "»", "›", "/", ">")]
            if crumbs:
                return list(dict.fromkeys(crumbs))
    return []


_TRAILS = (
    '//*[@aria-label="breadcrumb" or @aria-label="Breadcrumb"]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " breadcrumb ")]',
    '//*[contains(@class, "breadcrumb")]',
    # Joomla's «pathway», ASP.NET's SiteMapPath control, Iranian CMSs' «PathBar»
    "//*[contains(translate(@class, 'PATHWYBRSIEM', 'pathwybrsiem'), 'pathway')"
    " or contains(translate(@class, 'PATHWYBRSIEM', 'pathwybrsiem'), 'pathbar')"
    " or contains(translate(@id, 'PATHWYBRSIEM', 'pathwybrsiem'), 'sitemappath')]",
)
_CRUMB_SEPARATOR = re.compile(r"\s*[»›«‹]\s*|\s[>/|]\s")


def page_title(response: TextResponse) -> str:
    """The page's own title: first <h1>, else og:title, else <title> without the site suffix."""
    for query in ("//main//h1", "//h1", '//meta[@property="og:title"]/@content'):
        found = text_of(response.xpath(query)[:1])
        if found:
            return found
    title = text_of(response.xpath("//title"))
    return _TITLE_SPLIT.split(title)[0].strip()


def page_description(response: TextResponse) -> str:
    for query in (
        '//meta[@name="description"]/@content',
        '//meta[@property="og:description"]/@content',
    ):
        found = squash(response.xpath(query).get() or "")
        if found:
            return found
    for para in response.xpath("//main//p | //article//p | //p"):
        found = text_of(para)
        if len(found) > 20:
            return found
    return ""


# Labels of the blocks that make a page a service description (matched on folded text).
FIELD_LABELS = re.compile(
    r"^(مدارک|مستندات|شرایط|هزینه|تعرفه|مبلغ|مدت|زمان انجام|زمان رسیدگی|زمان ارائه|مراحل|فرایند"
    r"|فرآیند|نحوه|مخاطب|شرح خدمت|شناسه|کد خدمت|شیوه ارائه|نوع ارائه|دستگاه ارائه|عنوان خدمت"
    r"|نام خدمت)"
)
# What each service block is about: a page describing a service has several distinct kinds.
BLOCK_KINDS = {
    "documents": re.compile(r"^(مدارک|مستندات)"),
    "fee": re.compile(r"^(هزینه|تعرفه|مبلغ)"),
    "duration": re.compile(r"^(مدت|زمان انجام|زمان رسیدگی|زمان ارائه)"),
    "steps": re.compile(r"^(مراحل|فرایند|فرآیند|نحوه)"),
    "conditions": re.compile(r"^شرایط"),
    "audience": re.compile(r"^مخاطب"),
    "identity": re.compile(r"^(عنوان خدمت|نام خدمت|شناسه خدمت|کد خدمت)"),
    "provider": re.compile(r"^دستگاه ارائه"),
}
TITLE_LABELS = re.compile(r"^((عنوان|نام)( کامل)? خدمت|عنوان)$")
CATEGORY_LABELS = re.compile(r"^(گروه خدمت|دسته خدمت|گروه خدمات|دسته بندی|دسته|گروه|طبقه خدمت)$")
DESCRIPTION_LABELS = re.compile(r"^(شرح خدمت|شرح|توضیحات|معرفی خدمت)$")
_MAX_LABEL = 40
# A label's class: «label», or a CMS's name for one ending so: Drupal's «field__label» (8+)
# and «field-label» (7), «views-label», Bootstrap's «control-label», Dorsa's «ESLabel», an
# ASP.NET «lblCaption»-style «…Lbl». Not «field--label-above», the field's wrapper.
_LABEL_CLASS = re.compile(r"(label|lbl)$", re.IGNORECASE)
_LABEL_ELEMENTS = (
    "//label | //*[contains(translate(@class, 'LABE', 'labe'), 'label')"
    " or contains(translate(@class, 'LB', 'lb'), 'lbl')]"
)


def labelled_pairs(response: TextResponse) -> dict[str, str]:
    """Every label → value pair the page lays out, whatever the label says.

    Recognises the common shapes: definition lists, two-column table rows,
    ``label`` + value layouts (DotNetNuke's ``dnnFormItem``, Bootstrap forms, Drupal's
    ``field__label``), collapsible ``details`` blocks by their ``summary``,
    headings followed by their content and paragraphs led by a bold label.
    Labels keep the page's spelling, without a trailing colon.
    """
    pairs: dict[str, str] = {}

    def add(label: str, value: str) -> None:
        label = squash(label).rstrip(":：").strip()
        if label and value and len(label) <= _MAX_LABEL and label not in pairs:
            pairs[label] = value

    for dt in response.xpath("//dl/dt"):
        add(text_of(dt), list_text(dt.xpath("following-sibling::dd[1]")))
    # A row of only header cells names a listing's columns («عنوان خدمت | گروه»): never a
    # label and its value, or a catalogue table would read as a service titled «گروه».
    for row in response.xpath(_PAIR_ROWS):
        cells = row.xpath("th|td")  # label, value (and a second label, value on wide tables)
        for i in range(0, len(cells), 2):
            add(text_of(cells[i]), list_text(cells[i + 1]))
    for node in response.xpath(_LABEL_ELEMENTS):
        if node.root.tag != "label" and not any(
            _LABEL_CLASS.search(c) for c in node.attrib.get("class", "").split()
        ):
            continue
        if node.xpath(_FORM_LABEL):
            continue  # a form's field («عنوان خدمت: <input>»): what it asks, not what it says
        # The value is the next element beside the label, or beside its wrapper.
        for holder in (node, *node.xpath("ancestor::*[position() <= 2]")[::-1]):
            value = holder.xpath("following-sibling::*[1]")
            if value:
                if not value.xpath(_FORM_CONTROL):
                    add(text_of(node), text_of(value))
                break
    for summary in response.xpath("//details/summary | //fieldset/legend"):
        # a collapsible block's summary (often a heading inside it) names what it opens; a
        # fieldset's legend names the rest of the fieldset (WebForms detail pages)
        add(text_of(summary), list_text(summary.xpath("following-sibling::*")))
    for tab in response.xpath(_TABS):
        # a tab names its pane, found by id (Bootstrap's nav-tabs, ARIA tablists)
        pane = _pane_of(response, tab)
        if pane is not None:
            parts = pane.xpath("*")
            add(text_of(tab), list_text(parts if len(parts) > 1 else pane))
    for head in response.xpath("//h2 | //h3 | //h4 | //h5"):
        if _links_away(head):
            continue
        content = _after_label(head)
        if content is not None:
            add(text_of(head), list_text(content))
    for bold in response.xpath(_BOLD_OVER_CONTENT):
        # a bold line standing for a heading over the list or paragraph after it (older
        # pages: ``<font><b>مدارک مورد نیاز</b><ul>…</ul><b>هزینه</b><p>…</p></font>``)
        content = _after_label(bold)
        if content is not None:
            add(text_of(bold), list_text(content))
    for strong in response.xpath(_LEADING_BOLD):
        # the paragraph it leads, even through a WYSIWYG editor's styling
        # (``<p><span style="font-family:B Nazanin"><strong>هزینه:</strong></span></p>``)
        holders = strong.xpath("ancestor::*[self::p or self::li or self::div][1]")
        if not holders:
            continue
        label = text_of(strong)
        whole = text_of(holders[0])
        if whole.startswith(label):
            rest = whole[len(label) :].lstrip(" :：").strip()
            if not rest:  # «مدارک مورد نیاز:» alone, then what it names
                content = _after_label(holders[0])
                rest = "" if content is None else list_text(content)
            add(label, rest)
    return pairs


# Rows of a two-column (or four-column) table of labels and values.
_PAIR_ROWS = "//tr[count(th|td) = 2 or count(th|td) = 4][td][not(ancestor::thead)]"
_FORM_CONTROL = "self::input | self::select | self::textarea | .//input | .//select | .//textarea"
_FORM_LABEL = "self::label[@for] | .//input | .//select | .//textarea"
# A bold run leading a paragraph or item: right inside it, or inside its styling spans.
_LEADING_BOLD = (
    "//p/strong[1] | //li/strong[1] | //p/b[1] | //div/strong[1]"
    " | //p/*[self::span or self::font][1]/*[self::strong or self::b][1]"
    " | //p/*[self::span or self::font][1]/*[self::span or self::font][1]"
    "/*[self::strong or self::b][1]"
)
# Bold text alone between elements (no text beside it), an element right after it.
_BOLD_OVER_CONTENT = (
    "//*[self::b or self::strong][not(ancestor::a)]"
    "[not(preceding-sibling::node()[normalize-space()][1][self::text()])]"
    "[following-sibling::node()[normalize-space()][1][self::*]]"
)
_TABS = (
    '//*[@role="tab" or @data-toggle="tab" or @data-bs-toggle="tab"'
    ' or @data-toggle="pill" or @data-bs-toggle="pill"]'
)


def _pane_of(response: TextResponse, tab: Selector) -> Selector | None:
    """The pane a tab shows: named by ``aria-controls``, ``data-(bs-)target`` or its
    ``#fragment`` link."""
    attrib = tab.attrib
    href = attrib.get("href", "")
    target = (
        attrib.get("aria-controls")
        or attrib.get("data-bs-target")
        or attrib.get("data-target")
        or (href if href.startswith("#") else "")
    )
    pane_id = target.strip().removeprefix("#")
    if not pane_id or any(c in pane_id for c in "/?# "):
        return None
    panes = response.xpath("//*[@id=$id]", id=pane_id)
    if not panes or panes[0].root is tab.root:
        return None
    return panes[0]


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LABEL_NODES = ".//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//strong | .//b"


def _links_away(head: Selector) -> bool:
    """Whether a heading is (or sits in a box made) a link to another page: a listing's
    card or teaser titling that page («مراحل صدور پروانه کسب»), which names no content
    here. Links to a fragment (accordions' toggles) stay labels."""
    hrefs = head.xpath(
        "ancestor-or-self::a/@href | .//a/@href | ../a[not(normalize-space())]/@href"
    ).getall()
    return any(leads_elsewhere(h) for h in hrefs)


def leads_elsewhere(href: str) -> bool:
    """Whether a link goes to another page: not a ``#fragment`` of this one (tabs, accordion
    toggles), not a script."""
    return not href.strip().startswith(("#", "javascript:"))


def _after_label(label: Selector) -> Selector | None:
    """The content a heading (or a paragraph that is only a bold label) names: the element
    right after it, or right after the wrappers that hold nothing but it (at most three
    levels up).

    Page builders put every heading in a box of its own and its content in the next box:
    Elementor's ``div.elementor-widget-heading > div.elementor-widget-container > h2``,
    then the list's widget; a Bootstrap card's ``div.card-header > h3``, then
    ``div.card-body``. None when what follows is another label (a heading over headings
    names no content), or when nothing follows."""
    text = text_of(label)
    for holder in (label, *label.xpath("ancestor::*[position() <= 3]")[::-1]):
        if holder is not label and text_of(holder) != text:
            return None  # the wrapper holds more than the label: its neighbours are not its
        after = holder.xpath("following-sibling::*[1]")
        if not after:
            continue
        if after[0].root.tag in _HEADINGS or _only_a_label(after[0]):
            return None
        return after[0]
    return None


def _only_a_label(node: Selector) -> bool:
    """Whether ``node`` is (or wraps) a heading or bold label and nothing else: the next
    label, not content."""
    inner = node.xpath(_LABEL_NODES)
    return bool(inner) and text_of(inner[0]) == text_of(node)


_LABELS_SHOWN = "//h2 | //h3 | //h4 | //h5 | //h6 | //dt | //th | //strong | //b | //label"


def repeated_labels(response: TextResponse) -> int:
    """How many service-block labels the page shows more than once («مراحل», «مدت زمان
    انجام» over each of several items): a catalogue or a guide of several, not one service."""
    shown = Counter(
        folded
        for node in response.xpath(_LABELS_SHOWN)[:500]
        if FIELD_LABELS.match(folded := fold(text_of(node)).rstrip(":：").strip())
        and len(folded) <= _MAX_LABEL
    )
    return sum(1 for count in shown.values() if count >= 2)


def labelled_fields(response: TextResponse) -> dict[str, str]:
    """Service detail blocks (documents, fee, duration…) as label → text."""
    return field_pairs(labelled_pairs(response))


def field_pairs(pairs: dict[str, str]) -> dict[str, str]:
    """The service detail blocks among a page's :func:`labelled_pairs`. A question is no
    label: an FAQ's «هزینه خدمات را چگونه پرداخت کنم؟» is not a service's fee."""
    return {
        k: v for k, v in pairs.items() if FIELD_LABELS.match(fold(k)) and not k.endswith(("؟", "?"))
    }


def block_kinds(fields: dict[str, str]) -> set[str]:
    """Which kinds of service block the labels name (documents, fee, duration, ...)."""
    kinds = set()
    for label in fields:
        folded = fold(label)
        kinds |= {kind for kind, pattern in BLOCK_KINDS.items() if pattern.match(folded)}
    return kinds


def labelled(pairs: dict[str, str], pattern: re.Pattern[str]) -> tuple[str, str] | None:
    """The first (label, value) whose label matches ``pattern``."""
    return next(((k, v) for k, v in pairs.items() if pattern.match(fold(k))), None)


_TITLE_SPLIT = re.compile(r"\s[|\-–—»>:]{1,2}\s")


def title_parts(response: TextResponse) -> list[str]:
    """The parts of ``<title>`` (and og:title) split at the usual site-name separators."""
    parts: list[str] = []
    for query in ('//meta[@property="og:title"]/@content', "//title"):
        raw = squash(
            " ".join(response.xpath(query + ("//text()" if query == "//title" else "")).getall())
        )
        parts += [p.strip() for p in _TITLE_SPLIT.split(raw) if p.strip()]
    return list(dict.fromkeys(parts))


# A JavaScript or JSON string escape (``\"``, ``\/``, ``\u002F``): Next.js App Router pages
# inline their data as ``self.__next_f.push([1,"…{\"href\":\"/fa/khadamat/301\"}…"])``, a JSON
# string, and SharePoint writes its pager's address as ``"\u002fLists\u002f…\u0026p_ID=5"``.
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\"'/\\])")


def _unescaped(found: re.Match[str]) -> str:
    escape = found.group(1)
    return chr(int(escape[1:], 16)) if escape[0] in "ux" else escape


def js_unescape(code: str) -> str:
    r"""``code`` with its string escapes undone: a path written ``\/fa\/khadamat`` or
    ``\u002ffa`` is read as the path itself, never with the escape's backslash kept (a
    browser would take it for a ``/`` and ask for ``/fa/khadamat/301/``)."""
    return _JS_ESCAPE.sub(_unescaped, code) if "\\" in code else code
