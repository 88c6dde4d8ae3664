"""Text normalisation and removal of publisher boilerplate.

Each rule is a named regular expression matched against one paragraph (a line of the article).
A paragraph matching any rule is removed from the text sent to extraction and recorded with the
rule's name, so nothing silently disappears. The rules describe kinds of boilerplate that Dutch
news sites publish, not particular articles:

- ``cookie-notice``: a placeholder for content blocked until cookies are accepted;
- ``social-embed``: remains of an embedded post (Instagram, X/Twitter, TikTok, YouTube);
- ``read-also``: cross-links such as "Lees ook …", "Bekijk ook …", "Zie ook …";
- ``live-updates``: pointers to a live blog ("Volg alle ontwikkelingen …");
- ``comment-prompt``: invitations to comment ("Praat mee", "Reageer", "Discussieer mee");
- ``newsletter``: newsletter and app sign-up prompts;
- ``photo-credit``: a paragraph that is a photo caption ending in a credit ("… Beeld AFP",
  "Foto: ANP") or a bare credit line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_I = re.IGNORECASE


@dataclass(frozen=True)
class BoilerplateRule:
    """A named pattern; a paragraph it matches (with ``search``) is boilerplate."""

    name: str
    pattern: re.Pattern[str]
    max_length: int = 600  # longer paragraphs are real prose even when they match


RULES: tuple[BoilerplateRule, ...] = (
    BoilerplateRule(
        "cookie-notice",
        re.compile(
            r"\bcookies?\b.*\b(aanvaard|accepteer|accepteren|aanvaarden|toestemming|"
            r"uitgeschakeld|weer te geven|tonen|bekijken|instellingen|verborgen)"
            r"|\b(aanvaard|accepteer|accepteren|aanvaarden)\b.*\bcookies?\b",
            _I,
        ),
    ),
    BoilerplateRule(
        "social-embed",
        re.compile(
            r"^(bekijk (dit|deze) (bericht|post|video) op (instagram|x|twitter|tiktok|youtube|facebook)"
            r"|view this post on instagram|een bericht gedeeld door|a post shared by"
            r"|pic\.twitter\.com/\S+|.*\(@\w{1,15}\) \w+ \d{1,2}, \d{4}$"
            r"|deze (inhoud|content|video) kan (hier )?niet (worden )?(weergegeven|getoond|afgespeeld))",
            _I,
        ),
    ),
    BoilerplateRule(
        "read-also",
        re.compile(r"^(lees|bekijk|kijk|zie|luister|lees hier|meer) (ook|meer|verder|door|hier|nu)\b", _I),
    ),
    BoilerplateRule(
        "live-updates",
        re.compile(r"^(volg|lees) (alle|de|hier de|het laatste nieuws|onze?)\b.*\b(ontwikkelingen|liveblog|live|updates)\b", _I),
    ),
    BoilerplateRule(
        "comment-prompt",
        re.compile(
            r"^(praat mee|reageer|discussieer mee|doe mee aan de discussie|laat (een|je) reactie achter"
            r"|wat vind (jij|u|jullie)\b|reacties? \(\d+\)|log in om te reageren|je kunt (hier )?reageren)",
            _I,
        ),
        max_length=1000,
    ),
    BoilerplateRule(
        "newsletter",
        re.compile(r"^(schrijf je in|meld je aan|abonneer je)\b.*\b(nieuwsbrief|app|updates)\b|^download (de|onze) app\b", _I),
    ),
    BoilerplateRule(
        "photo-credit",
        re.compile(
            r"(^|[.!?)]\s+)([Bb]eeld|[Ff]oto|[Ff]oto's|[Ff]otografie|[Aa]fbeelding)\s*[:©]?\s*"
            r"(©\s*)?[A-Z][\w.&'’/ -]{0,50}$"
            r"|^\(?(©|copyright)\s*[\w .&/-]{1,60}\)?$",
        ),
        max_length=300,
    ),
)


@dataclass(frozen=True)
class RemovedLine:
    """A paragraph removed as boilerplate, with the rule that removed it."""

    rule: str
    text: str


def normalise(text: str) -> str:
    """Unicode NFC, Unix newlines, no BOM, no non-breaking or zero-width spaces."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u00a0\u2007\u202f]", " ", text)
    return re.sub(r"[\u200b\u200c\u200d\u2060]", "", text)


def boilerplate_rule(paragraph: str) -> str | None:
    """Name of the first rule the paragraph matches, or None when it is content."""
    stripped = paragraph.strip()
    for rule in RULES:
        if len(stripped) <= rule.max_length and rule.pattern.search(stripped):
            return rule.name
    return None


def clean(text: str) -> tuple[str, list[RemovedLine]]:
    """Normalise the text and remove boilerplate paragraphs; returns the text and what was removed."""
    kept: list[str] = []
    removed: list[RemovedLine] = []
    for line in normalise(text).split("\n"):
        line = re.sub(r"[ \t]+", " ", line).strip()
        if not line:
            if kept and kept[-1]:
                kept.append("")
            continue
        rule = boilerplate_rule(line)
        if rule is None:
            kept.append(line)
        else:
            removed.append(RemovedLine(rule, line))
    return "\n".join(kept).strip(), removed
