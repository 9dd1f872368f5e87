"""Load a trained TensorFlow model for answering without first training it for one step.

To give its layers their shapes, Rasa 3.6's `RasaModel.load` compiles the model with an
optimizer and *trains it on one example* (`model.fit`), which traces Keras's whole training
function, then overwrites those weights with the saved ones. Tracing that function was 35%
of our Rasa server's start-up (py-spy), about 8 s of 24 s on the 2-core build machine, and
the optimizer's copies of every weight stay in memory for nothing (upstream: slow model
loading, RasaHQ/rasa#10194).

For answering (not fine-tuning) the same layers get their shapes from a prediction on
Rasa's example instead; the saved weights are then restored into them, and the model is
prepared for answering again (DIET computes every topic's embedding once, and its traced
prediction function keeps them), exactly as Rasa does after its training step. Only the
optimizer's state in the checkpoint goes unused. A test checks that the model loaded this
way answers with exactly the confidences of a model loaded Rasa's way. Fine-tuning, or a
model loaded without an example to predict on, goes through Rasa's own code.
"""
from __future__ import annotations

import logging
from typing import Any, Optional, Text

from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

logger = logging.getLogger(__name__)
_rasa_load = RasaModel.load.__func__  # type: ignore[attr-defined]


def load(
    cls: type,
    model_file_name: Text,
    model_data_example: RasaModelData,
    predict_data_example: Optional[RasaModelData] = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """Rasa's `RasaModel.load`, building the layers with a prediction instead of a training step."""
    if finetune_mode or not predict_data_example:
        return _rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                          *args, **kwargs)
    model = cls(*args, **kwargs)
    model.run_inference(predict_data_example)  # gives every layer used in answering its shape
    model.load_weights(model_file_name).expect_partial()  # the optimizer's saved state is not needed
    # Forget what the first prediction derived from the untrained weights (e.g. DIET's topic
    # embeddings, and the prediction function traced around them), then prepare again.
    model.prepared_for_prediction = False
    model._tf_predict_step = None
    model.run_inference(predict_data_example)
    logger.debug("Loaded %s for answering from %s", cls.__name__, model_file_name)
    return model


def install() -> None:
    """Make every Rasa TensorFlow model load this way when it is loaded for answering."""
    RasaModel.load = classmethod(load)  # type: ignore[assignment]
