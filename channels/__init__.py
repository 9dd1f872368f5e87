"""Rasa input channels of the SEN support assistant (named in credentials.yml)."""
