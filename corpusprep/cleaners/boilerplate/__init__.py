"""Boilerplate removal: the rule pack, page structure, line features and the trained line model.

One module per job:

- :mod:`.rules`: rules as data (``corpusprep/rules/*.toml``), compiled and matched;
- :mod:`.dateline`: the leading dateline/byline (``本报讯（记者 X）``) to ``meta``;
- :mod:`.classifier`: the transparent shape detectors (infographic runs, tail teaser runs);
- :mod:`.charts`: chart runs (a chart's labels in another language, one to a line);
- :mod:`.title_lists`: lists of other articles set out as ``source | title``, one to a line;
- :mod:`.runs`: the runs of lines these three detectors look for;
- :mod:`.blocks`, :mod:`.features`, :mod:`.model`: the main block, line features and the line model;
- :mod:`.lists`: content lists (``附名单``), whose items the line model leaves alone;
- :mod:`.toc`: an article's own table of contents, which the line model leaves alone;
- :mod:`.step`: :class:`RemoveBoilerplate`, the pipeline step that runs them.
"""

from __future__ import annotations

from .dateline import DATELINE_RE, extract_dateline
from .rules import SCOPES, WHERE, Rule, RulePack, load_rules
from .step import RemoveBoilerplate

__all__ = ["SCOPES", "WHERE", "DATELINE_RE", "RemoveBoilerplate", "Rule", "RulePack", "extract_dateline", "load_rules"]
