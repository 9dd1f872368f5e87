"""How we start the Rasa server: Rasa's own command line, after fixes for measured slow spots.

`python -m rasa_runtime run ...` takes exactly the arguments of `rasa run ...`. Each fix is
a module of its own, says what it measured, and changes speed only, never behaviour.
"""
