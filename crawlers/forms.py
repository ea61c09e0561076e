"""What a form is to a crawler: a search to fill, or, with nothing to fill, a link.

A catalogue may write its entries as forms a browser sends on a click: one GET form a row
(``<form action="…/Details/3"><button>title</button></form>``), or a table of
``<button type="submit" formaction="…/Details/3">`` inside one form. With no field to fill,
sending such a form is following a link (:meth:`crawlers.spiders.portal.PortalSpider.form_actions`);
a form with fields is a search (:meth:`crawlers.strategies.auto.AutoStrategy.service_search`).
"""

MAX_FORMS = 300  # forms of a page looked at
_TYPE = "translate(@type, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_NOT_FILLED = " or ".join(
    f"{_TYPE} = '{kind}'" for kind in ("hidden", "submit", "image", "button", "reset")
)
# What a form has to fill: a search box, a choice, a text.
FIELDS = f".//select | .//textarea | .//input[not({_NOT_FILLED})]"
# A form's submit buttons that send it somewhere of their own (``formaction``).
FORMACTION = (
    f".//button[@formaction][not(@type) or {_TYPE} = 'submit']"
    f" | .//input[@formaction][{_TYPE} = 'submit' or {_TYPE} = 'image']"
)
