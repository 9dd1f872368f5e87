"""The staff console: a separate web app where SENDIASS staff check the assistant's answers.

Run it with `make console` (scripts/run_console.sh); settings are described in console/config.py.
"""
