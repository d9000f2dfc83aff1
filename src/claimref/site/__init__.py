"""The static dossier: the whole workspace as a browsable, linkable, printable website.

``build_site(ws, folder)`` writes an index of the claims (with filters), a page per claim, source and
person, the people, the reference list, the evidence matrix and timeline (SVG) and the problems
``claimref check`` finds: plain HTML, one CSS file and a little JavaScript, nothing loaded from the
network, usable from ``file://`` and without JavaScript. This package reads the workspace and never
writes data; it is the only one importing Jinja2. Serving the folder while editing is
:mod:`claimref.site.serve`'s job.
"""

from __future__ import annotations

from claimref.site.build import MANIFEST, BuildReport, SiteError, SiteOptions, build_site
from claimref.site.cite import StyleChoice

__all__ = ["MANIFEST", "BuildReport", "SiteError", "SiteOptions", "StyleChoice", "build_site"]
