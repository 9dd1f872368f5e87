"""Custom actions of the SEN support assistant, loaded by `rasa run actions --actions actions`."""
