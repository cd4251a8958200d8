"""The file formats the read stage turns into text, one module per format.

Each module holds one reader, ``read(data) -> str``, that knows bytes and
nothing about files: it raises :class:`Unreadable` with what is wrong and what
to do, and :func:`kg.read.read_file` adds the file's name to make a
:class:`kg.read.ReadError`. The heavy libraries (pypdf, python-docx) are
imported inside the readers that need them, so reading text starts fast.
"""
from __future__ import annotations


class Unreadable(Exception):
    """Bytes a reader cannot turn into text. ``str(error)`` says what is wrong
    and what to do, without the file's name, which the caller adds."""
