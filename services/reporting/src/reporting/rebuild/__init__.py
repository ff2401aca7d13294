"""Rebuild the read model from the log: replay the subscription's topics into an empty store.

`python -m reporting.rebuild --database-url URL --bootstrap-servers HOST:PORT` (see
`__main__.py`); `replay.py` reads the topics and applies them through the live subscription's
code; `figures.py` reads every figure of a store and compares two stores.
"""
