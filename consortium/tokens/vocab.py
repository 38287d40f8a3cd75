"""What a token may do."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consortium.core.vocab import TitledEnum


class Scope(TitledEnum):
    READ = "read", _l("Read: see what you can see")
    WRITE = "write", _l("Read and write: also act as you (drafts, signatures, decisions)")
