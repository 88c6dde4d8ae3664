"""Turn a raw input into a clean Article, or reject it with the reason."""

from __future__ import annotations

import re

from graph_api.dates import PartialDate
from graph_api.ingest.article import Article, RawInput, article_id, headline
from graph_api.ingest.cleaning import clean
from graph_api.ingest.errors import RejectedInput

# The seed format: optional whitespace, ``date``, a date, then the first sentence on the same line
# or on the next one (a date alone on its line).
_DATE_LINE = re.compile(r"^\s*date(?:[ \t]+(\S+))?(?:[ \t]*(?:\r?\n|\Z)|[ \t]+)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(raw: RawInput, max_bytes: int) -> str:
    """The input's text, refusing binary, non-UTF-8, oversized and empty content."""
    content = raw.content
    if isinstance(content, bytes):
        size = len(content)
        if b"\x00" in content[:max_bytes]:
            raise RejectedInput(raw.origin, "binary content (contains NUL bytes)")
        if size > max_bytes:
            raise RejectedInput(raw.origin, f"over the size limit of {max_bytes:,} bytes")
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise RejectedInput(raw.origin, f"not valid UTF-8 (byte {error.start}: {content[error.start : error.start + 1]!r})") from None
    else:
        text = content
        if "\x00" in text:
            raise RejectedInput(raw.origin, "binary content (contains NUL characters)")
        if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
            raise RejectedInput(raw.origin, f"over the size limit of {max_bytes:,} bytes")
    if len(_CONTROL.findall(text[:4096])) > 8:
        raise RejectedInput(raw.origin, "binary content (many control characters)")
    if not text.strip():
        raise RejectedInput(raw.origin, "empty text")
    return text


def split_date_line(origin: str, text: str) -> tuple[PartialDate | None, str]:
    """Take a leading ``date YYYY-MM[-DD]`` off the first line; a malformed one is an error."""
    match = _DATE_LINE.match(text)
    if not match:
        return None, text
    value = match.group(1)
    if value is None:
        raise RejectedInput(origin, "malformed date line: 'date' without a date")
    if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        raise RejectedInput(origin, f"malformed date line: {value!r} is not YYYY-MM or YYYY-MM-DD")
    try:
        published = PartialDate.parse(value)
    except ValueError as error:
        raise RejectedInput(origin, f"malformed date line: {error}") from None
    return published, text[match.end() :]


def to_article(raw: RawInput, max_bytes: int) -> Article:
    """Validate, normalise and clean one input."""
    text = decode(raw, max_bytes)
    published, text = split_date_line(raw.origin, text)
    if raw.published is not None:
        try:
            published = PartialDate.parse(raw.published)
        except ValueError as error:
            raise RejectedInput(raw.origin, f"field 'published': {error}") from None
    cleaned, removed = clean(text)
    if not cleaned:
        raise RejectedInput(raw.origin, "no article text left after removing boilerplate")
    return Article(
        id=article_id(cleaned),
        source=raw.source,
        text=cleaned,
        title=(raw.title or "").strip() or headline(cleaned),
        published=published,
        url=raw.url,
        removed=tuple(removed),
    )
