"""The `asfetl` command: a thin layer that reads the settings, calls the library and prints.

`main` builds the parser and dispatches to one module per command group; `output` formats
tables for the terminal. Errors a user can fix are printed as one sentence, not a traceback.
"""
