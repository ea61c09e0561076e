"""What the service page shows: details in the vocabulary's order, under Persian labels."""

from __future__ import annotations

from gateway_api.schemas import Service
from indexer.fields import default_vocabulary

CHANNEL_LABELS = {
    "online": "غیرحضوری (اینترنتی)",
    "in_person": "حضوری",
    "both": "اینترنتی و حضوری",
}
REPORT_KINDS = (
    ("broken_link", "پیوند خدمت کار نمی‌کند"),
    ("wrong_info", "اطلاعات این صفحه نادرست یا قدیمی است"),
    ("in_person", "خدمت به مراجعه حضوری نیاز دارد که در این صفحه گفته نشده"),
)
REPORT_LABELS = dict(REPORT_KINDS)
# ?sent=... and refusals: what the feedback box says afterwards (role, text)
FEEDBACK_NOTICES = {
    "rating": ("status", "سپاس! امتیاز شما ثبت شد و به دستگاه ارائه‌دهنده نشان داده می‌شود."),
    "report": ("status", "سپاس! گزارش شما ثبت شد و به دستگاه ارائه‌دهنده می‌رسد."),
    "no-rating": ("alert", "امتیازی انتخاب نشده بود: یکی از گزینه‌های ۱ تا ۵ را انتخاب کنید."),
    "no-kind": ("alert", "نوع مشکل انتخاب نشده بود: یکی از گزینه‌ها را انتخاب کنید."),
    "expired": ("alert", "این فرم منقضی شده بود؛ صفحه تازه شد، لطفاً دوباره بفرستید."),
    "cross-site": ("alert", "این فرم از وبگاه دیگری فرستاده شده بود و پذیرفته نشد."),
    "limit": (
        "alert",
        "در چند دقیقه گذشته بازخوردهای زیادی از شما رسیده است؛ کمی بعد دوباره بفرستید.",
    ),
    "busy": (
        "alert",
        "درگاه اکنون نمی‌تواند بازخورد را ثبت کند؛ لطفاً چند دقیقه بعد دوباره بفرستید.",
    ),
}
# shown elsewhere on the page, not as a row
_NOT_ROWS = frozenset({"description"})


def detail_rows(service: Service) -> list[tuple[str, str]]:
    """(Persian label, value) pairs: documented fields first, in the vocabulary's order,
    then any label the vocabulary does not know, as the portal wrote it."""
    labels = default_vocabulary().labels
    fields = {k: v for k, v in service.fields.items() if k not in _NOT_ROWS and v}
    rows = [(label, fields[name]) for name, label in labels.items() if name in fields]
    rows += [(name, value) for name, value in fields.items() if name not in labels]
    return rows


def channel_label(service: Service) -> str:
    return CHANNEL_LABELS.get(service.channel or "", "")
