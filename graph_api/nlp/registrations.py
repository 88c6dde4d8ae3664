"""Everything graph-api registers with spaCy, in one place (the pattern of spaCy's own ``registrations.py``).

Importing this module registers our parts: the ``graph_api.LexicalHashEmbed.v1`` architecture the
bundled model's config names, the ``entity_refiner`` component with its settings, and the
``graph_api_label_mapper`` component for other pipelines, ``initial_boundaries`` and ``graph_admission``. ``pipeline.py`` imports it before any
pipeline loads; ``spacy train --code graph_api/nlp/registrations.py`` imports it for training.
The components themselves live in their own modules and know nothing of spaCy's registry.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.util import registry

from graph_api.nlp.admission import GraphAdmission
from graph_api.nlp.components import LexicalHashEmbed
from graph_api.nlp.initials import fix_initial_boundaries
from graph_api.nlp.labels import map_labels
from graph_api.nlp.refine import OBVIOUS_CITY_POPULATION, EntityRefiner
from graph_api.nlp.span_rules import COMMON_WORD_ZIPF, VERY_COMMON_WORD_ZIPF

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
    nlp: Language,  # noqa: ARG001 - spaCy's factory signature
    name: str,  # noqa: ARG001
    obvious_city_population: int,
    common_word_zipf: float,
    very_common_word_zipf: float,
) -> EntityRefiner:
    """The document-level corrections of the NER model's entities (see refine.py)."""
    return EntityRefiner(
        obvious_city_population=obvious_city_population, common_word_zipf=common_word_zipf, very_common_word_zipf=very_common_word_zipf
    )


@Language.factory(
    "graph_admission",
    requires=["doc.ents"],
    assigns=["doc.spans"],
    default_config={"common_word_zipf": COMMON_WORD_ZIPF, "very_common_word_zipf": VERY_COMMON_WORD_ZIPF},
)
def make_graph_admission(nlp: Language, name: str, common_word_zipf: float, very_common_word_zipf: float) -> GraphAdmission:  # noqa: ARG001
    """The names the knowledge graph admits (see admission.py), written to ``doc.spans["graph"]``."""
    return GraphAdmission(common_word_zipf=common_word_zipf, very_common_word_zipf=very_common_word_zipf, tokenizer=nlp.tokenizer)
