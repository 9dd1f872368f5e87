"""How Rasa reads our training files, changed so that retraining does only the work needed.

Rasa names this module in `config.yml` (`importers:`); `rasa train` and `rasa data validate`
then read the project through it. Each change keeps what the model learns the same.
"""
