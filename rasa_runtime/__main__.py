"""Run Rasa's command line (`python -m rasa_runtime run ...`) with our speed fixes installed."""
from rasa.__main__ import main

from rasa_runtime import action_validation, event_lookup, model_loading

if __name__ == "__main__":
    action_validation.install()
    event_lookup.install()
    model_loading.install()
    main()
