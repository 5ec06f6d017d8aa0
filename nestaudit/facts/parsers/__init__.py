"""Parsers: one pure module per file (or command output) a bundle holds.

Each module's docstring names what it reads and shows a short sample; nothing here reads a
bundle or records evidence (the fact groups of `nestaudit.facts` do).
"""
