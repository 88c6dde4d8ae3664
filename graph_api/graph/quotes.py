"""Quotes in the knowledge graph: the records and their indexes by article and speaker."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from graph_api.model import ArticleRecord, QuoteMention, QuoteRecord, quote_id


class QuoteIndex:
    """Quote records by id, by article and by speaker; owned by the KnowledgeGraph."""

    def __init__(self, canonical: Callable[[str], str]) -> None:
        self.canonical = canonical
        self._quotes: dict[str, QuoteRecord] = {}
        self._by_article: dict[str, list[str]] = defaultdict(list)
        self._by_speaker: dict[str, list[str]] = defaultdict(list)

    def add(self, article: ArticleRecord, mention: QuoteMention) -> QuoteRecord:
        speaker = self.canonical(mention.speaker_id) if mention.speaker_id else None
        record = QuoteRecord(
            quote_id(article.id, mention.start), mention.text, article.id, speaker, mention.start, mention.end, mention.sentence, mention.fragment
        )
        self._quotes[record.id] = record
        self._by_article[article.id].append(record.id)
        if speaker:
            self._by_speaker[speaker].append(record.id)
        return record

    def get(self, quote_id: str) -> QuoteRecord | None:
        return self._quotes.get(quote_id)

    def of_article(self, article_id: str) -> list[QuoteRecord]:
        return [self._quotes[i] for i in self._by_article.get(article_id, [])]

    def of_speaker(self, person_id: str) -> list[QuoteRecord]:
        return [self._quotes[i] for i in self._by_speaker.get(self.canonical(person_id), [])]

    def count_of_speaker(self, person_id: str) -> int:
        return len(self._by_speaker.get(self.canonical(person_id), ()))

    def merge_speaker(self, source: str, target: str) -> None:
        """Person ``source`` became ``target``: its quotes are now ``target``'s."""
        moved = self._by_speaker.pop(source, [])
        for quote_id_ in moved:
            self._quotes[quote_id_].speaker_id = target
        if moved:
            self._by_speaker[target].extend(moved)

    def remove_article(self, article_id: str) -> list[QuoteRecord]:
        """Take an article's quotes out; returns them."""
        removed = [self._quotes.pop(i) for i in self._by_article.pop(article_id, []) if i in self._quotes]
        for quote in removed:
            if quote.speaker_id:
                self._drop_from_speaker(quote.speaker_id, quote.id)
        return removed

    def unattribute(self, speaker_id: str) -> list[QuoteRecord]:
        """The speaker is no person: its quotes become speakerless; returns them."""
        quotes = [self._quotes[i] for i in self._by_speaker.pop(speaker_id, [])]
        for quote in quotes:
            quote.speaker_id = None
        return quotes

    def _drop_from_speaker(self, speaker_id: str, quote_id_: str) -> None:
        quotes = self._by_speaker.get(speaker_id, [])
        if quote_id_ in quotes:
            quotes.remove(quote_id_)
        if not quotes:
            self._by_speaker.pop(speaker_id, None)
