"""Sources by ISBN or DOI: look a work up in Open Library or Crossref and add it to the bibliography.

The package is the only place claimref talks to the network: :mod:`~claimref.lookup.client` (HTTP,
the time budget, the User-Agent; the only importer of httpx), :mod:`~claimref.lookup.identifiers`
(ISBN and DOI checked before any request), :mod:`~claimref.lookup.openlibrary` and
:mod:`~claimref.lookup.crossref` (each catalogue's record mapped to a BibLaTeX entry),
:mod:`~claimref.lookup.found` (what a lookup gives) and :mod:`~claimref.lookup.adding` (refusing a
work the workspace has, and writing through ``source add``'s write path). Nothing here imports click.
"""
