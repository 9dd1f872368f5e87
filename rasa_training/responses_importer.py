"""Keep answer texts out of the NLU training data, so rewording an answer retrains in seconds.

Our answers live in `data/responses/` (grouped by theme for proofreading), not in
`domain.yml`. Rasa reads `responses:` found in data files into the NLU training data, and
the fingerprint of that data decides whether every NLU component (spaCy, featurizers,
DIET) must be retrained. So a one-word change to an answer retrained the classifier: over
five minutes for a change the classifier never sees (measured: 4 min 46 s, DIET alone
4 min 11 s). The classifier only needs response texts for retrieval intents, and we have
none (every topic is a plain intent). This importer moves the responses to the domain,
where the dialogue policy and the bot read them, and gives the NLU side none: after an
answer is reworded only the domain and the rules are rebuilt.
"""
from __future__ import annotations

from typing import Optional, Text

from rasa.shared.core.domain import KEY_RESPONSES, Domain
from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.common import cached_method


class ResponsesInDomainImporter(RasaFileImporter):
    """Rasa's file importer, with data-file responses moved from the NLU data to the domain."""

    @cached_method
    def _as_rasa_reads_it(self, language: Optional[Text]) -> TrainingData:
        """The data files read once, as Rasa's own importer reads them, answers included."""
        return super().get_nlu_data(language)

    def get_nlu_data(self, language: Optional[Text] = "en") -> TrainingData:
        """The NLU training data as Rasa reads it, without the response texts."""
        data = self._as_rasa_reads_it(language)
        if data.retrieval_intents:
            raise ValueError(
                "Retrieval intents need their responses in the NLU data; "
                f"remove {self.__class__.__name__} from config.yml to use them."
            )
        return TrainingData(
            training_examples=data.training_examples,
            entity_synonyms=data.entity_synonyms,
            regex_features=data.regex_features,
            lookup_tables=data.lookup_tables,
        )

    @cached_method
    def get_domain(self) -> Domain:
        """`domain.yml` together with the responses written in the data files."""
        responses = self._as_rasa_reads_it("en").responses
        return super().get_domain().merge(Domain.from_dict({KEY_RESPONSES: responses}))
