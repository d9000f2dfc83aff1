"""The one-line summary of each command, as ``claimref --help`` and shell completion list them.

Listing them from here spares ``--help`` importing every command's module (jinja2, the renderer, the
rules: 0.37 s before, against 0.15 s for ``--version``). tests/test_cli.py checks that each summary
is the one its command's help text gives, so a stale line fails the tests, not the user. It holds
no command; :mod:`claimref.cli` registers them.
"""

from __future__ import annotations

#: Command name -> the first sentence of its help (click's ``get_short_help_str``, untruncated).
SUMMARIES = {
    "check": (
        "Find every defect in claims and sources; exit 1 when errors (or, with --strict, "
        "warnings) are found."
    ),
    "cite": (
        "Print the in-text citation (or note) of the given sources, then their reference entries."
    ),
    "claims": "List claims: id, status, statement and the sources they cite.",
    "completion": (
        "Print the shell completion script for SHELL: claim ids, cite keys, tags, "
        "statuses, styles and check rules are completed at Tab."
    ),
    "config": (
        "Show the settings in effect and where each came from: the default, a line of "
        "claimref.toml, the command line or the environment; with NAME, only that "
        "setting's value."
    ),
    "edit": (
        "Edit the claim ID in $EDITOR; on save it is checked, and reopened with the "
        "errors on top until it is valid (empty the file to cancel)."
    ),
    "evidence": (
        "Weigh the evidence for one claim: independent support, provenance, a suggested grade."
    ),
    "export": (
        "Export sources (BibTeX, CSL-JSON, RIS, wikitext), claims with their citations, "
        "verdicts as ClaimReview, or Wikidata statements as QuickStatements."
    ),
    "import": "Append the new sources of a BibTeX, CSL-JSON or RIS file to the bibliography.",
    "init": "Make DIRECTORY (default: the current folder) a new, empty workspace.",
    "link": "Link the claim ID to a source of the bibliography, with its stance.",
    "merge": (
        "Make two entries for the same work one: links and mentions of DROP move to KEEP,"
        " and DROP's entry is removed."
    ),
    "merge-driver": "Merge BASE, OURS and THEIRS (git's %O %A %B) of the file PATH (%P) into OURS.",
    "new": "Record a new claim: writes claims/ID.yaml, status unverified, no source yet.",
    "refs": "Print the reference list of the selected sources, sorted as the style says.",
    "rekey": (
        "Change the cite key KEY to NEW everywhere: the entry, every link to it in "
        "claims, the entries that cross-reference it, and the notes and accepted findings"
        " that name it."
    ),
    "rename": (
        "Give the claim ID the id NEW: renames its file, changes its id, and changes the "
        "old id where notes of other claims and people mention it, all in one step (all "
        "or nothing)."
    ),
    "show": (
        "Show one claim in full, with each source it links to; or, given a cite key, one "
        "source with its fields and the claims that cite it (a claim id wins over a key "
        "of the same name)."
    ),
    "site": (
        "Build the workspace as a static website in DIR: an index of the claims with "
        "filters, a page per claim, source and person, the reference list, an evidence "
        "matrix, a timeline and the problems `claimref check` finds."
    ),
    "source": (
        "Change the bibliography: add a source (see also claimref rekey and claimref merge)."
    ),
    "sources": (
        "List sources: key, language, year, short reference and how many claims cite each."
    ),
    "status": (
        "Set the claim's status and append a dated entry (date, by, from, to, note) to its history."
    ),
    "styles": (
        "List the CSL styles whose id or title holds every word of TEXT (all styles without it)."
    ),
    "unlink": (
        "Remove the claim's link to a source (KEY@LOCATOR when it links to KEY more than once)."
    ),
    "verify": (
        "Record that the claim's link to KEY was checked against the work itself: who, and when."
    ),
}
