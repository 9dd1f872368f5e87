"""What a conversation id may look like: one rule for every place that takes one.

The REST channel refuses any other id, so every stored conversation can also be found by
the web app's erasure and feedback endpoints, which take the id in a URL or JSON body. The
widget's ids (UUIDs) fit; odd ones (control characters, unpaired surrogates, 10,000
characters) would otherwise reach the tracker store, where Rasa's SQL store turns an
encoding error into an exit of the request handler and the client gets no answer at all.
"""
import re

CONVERSATION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
CONVERSATION_ID_RULE = "1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit"
