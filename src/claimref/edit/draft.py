"""The text a person edits in ``$EDITOR`` for ``claimref new`` and ``claimref edit``, as ``git commit``
does it: a commented template, the errors as comments on top when the text was not valid, and an
empty file to cancel.

A :class:`Draft` is the claim text plus the help lines claimref puts above it; :func:`edit_until_valid`
runs the loop with any ``editor`` function (the CLI passes one that calls ``click.edit``) and a
``check`` function (the verbs' :func:`claimref.edit.claims.draft_errors`). Writing the result is the
verbs' job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from claimref.edit import yamledit
from claimref.errors import Finding

#: An editor: gets the text to edit, returns the saved text, or None when it was not saved.
Editor = Callable[[str], "str | None"]
#: The errors of a claim text (lines counted in that text).
Check = Callable[[str], Sequence[Finding]]

_STATUSES = "established | probable | disputed | doubtful | unverified"
_EXAMPLES = {
    "date": '# date: "1944-05"          # YYYY, YYYY-MM, YYYY-MM-DD or START/END',
    "places": "# places: [Rīga, Kārsava]",
    "people": "# people: [Vilis Samsons]",
    "tags": "# tags: [sabotage]",
}


@dataclass(frozen=True)
class Draft:
    """A claim text, the help lines shown above it, and the example lines inside it; claimref's
    lines left as they were are taken out of what is saved."""

    body: str
    header: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """What the editor shows."""
        return "".join(f"{line}\n" for line in self.header) + self.body

    def without_help(self, saved: str) -> str:
        """``saved`` without claimref's help and example lines (those left as they were)."""
        ours = {*self.header, *self.examples}
        lines = saved.splitlines(keepends=True)
        return "".join(line for line in lines if line.rstrip("\r\n") not in ours)

    def with_errors(self, body: str, errors: Sequence[Finding], help_lines: int = 0) -> Draft:
        """The draft to show again: ``body`` under the errors (as comments, with the line each is
        on in the editor), then the last ``help_lines`` lines of this draft's header."""
        kept = self.header[len(self.header) - help_lines :] if help_lines else ()
        intro = "# claimref: not saved; fix these errors, or empty the file to cancel:"
        above = 1 + len(errors) + 1 + len(kept)
        notes = [f"#   line {f.location.line + above}: {f.message}" for f in errors]
        return Draft(body, (intro, *notes, "#", *kept), self.examples)


def is_empty(text: str) -> bool:
    """True when ``text`` holds nothing but blank lines and comments (the person cancelled)."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def for_new(claim_id: str, fields: dict[str, object]) -> Draft:
    """The template of a new claim, with the fields already given filled in."""
    header = (
        f"# New claim '{claim_id}': write the statement (one factual claim, in English), fill in",
        "# what you know, then save and close. Lines starting with '#' are comments; claimref's",
        "# are removed. Empty the file to cancel. Sources come next: claimref link ID KEY --stance S",
    )
    statement = str(fields.get("statement", ""))
    body = [f"id: {claim_id}\n", "statement: >-\n", f"  {statement}\n"]
    examples = []
    for key, example in _EXAMPLES.items():
        if fields.get(key):
            body.append(yamledit.dumps_new({key: fields[key]}))
        else:
            body.append(example + "\n")
            examples.append(example)
    status = f"  # status: {_STATUSES}; disputed and doubtful need a note"
    body += ["reliability:\n", "  status: unverified\n", status + "\n", "links: []\n"]
    return Draft("".join(body), header, (*examples, status))


def for_existing(shown_path: str, text: str) -> Draft:
    """The draft of ``claimref edit``: the file's text under a line of help."""
    return Draft(text, (f"# {shown_path}: save and close to write it; empty the file to cancel.",))


def edit_until_valid(draft: Draft, editor: Editor, check: Check) -> tuple[str | None, str]:
    """Show ``draft`` in ``editor`` until the saved text has no errors. Returns the valid text (None
    when the person emptied the file, did not save, or saved the same errors again) and the last
    text saved (to keep it when nothing is written)."""
    shown, last = draft, ""
    while True:
        saved = editor(shown.text)
        if saved is None:
            return None, last
        body = shown.without_help(saved)
        if is_empty(body):
            return None, ""
        errors = check(body)
        if not errors:
            return body, body
        if shown is not draft and body == shown.body:
            return None, body
        shown, last = shown.with_errors(body, errors, len(draft.header)), body
