"""Everything graph-api registers with spaCy, in one place (the pattern of spaCy's own ``registrations.py``).

Importing this module registers our parts: the ``graph_api.LexicalHashEmbed.v1`` architecture the
bundled model's config names, the ``entity_refiner`` component with its settings, and the
``graph_api_label_mapper`` component for other pipelines, and ``initial_boundaries``. ``pipeline.py`` imports it before any
pipeline loads; ``spacy train --code graph_api/nlp/registrations.py`` imports it for training.
The components themselves live in their own modules and know nothing of spaCy's registry.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.util import registry

from graph_api.nlp.components import LexicalHashEmbed
from graph_api.nlp.initials import fix_initial_boundaries
from graph_api.nlp.labels import map_labels
from graph_api.nlp.refine import COMMON_WORD_ZIPF, OBVIOUS_CITY_POPULATION, VERY_COMMON_WORD_ZIPF, EntityRefiner

registry.architectures("graph_api.LexicalHashEmbed.v1", func=LexicalHashEmbed)
Language.component("graph_api_label_mapper", func=map_labels)
Language.component("initial_boundaries", func=fix_initial_boundaries)


@Language.factory(
    "entity_refiner",
    requires=["doc.ents"],
    assigns=["doc.ents"],
    default_config={
        "obvious_city_population": OBVIOUS_CITY_POPULATION,
        "common_word_zipf": COMMON_WORD_ZIPF,
        "very_common_word_zipf": VERY_COMMON_WORD_ZIPF,
    },
)
def make_entity_refiner(
    nlp: Language,
    name: str,  # noqa: ARG001
    obvious_city_population: int,
    common_word_zipf: float,
    very_common_word_zipf: float,
) -> EntityRefiner:
    """The document-level corrections of the NER model's entities (see refine.py)."""
    return EntityRefiner(
        obvious_city_population=obvious_city_population,
        common_word_zipf=common_word_zipf,
        very_common_word_zipf=very_common_word_zipf,
        tokenizer=nlp.tokenizer,
    )
