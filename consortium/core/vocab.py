"""Named vocabularies: string enums whose members carry their translated title.

The stored value stays a stable code (`"auth.login"`, `"org_admin"`); the title is what a
reader sees, looked up in their language when it is shown.
"""

from __future__ import annotations

from enum import StrEnum


class TitledEnum(StrEnum):
    """A `StrEnum` whose members are declared as `NAME = "code", _l("Title")`."""

    _title: object

    def __new__(cls, value: str, title: object = None) -> TitledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member._title = title if title is not None else value
        return member

    @property
    def title(self) -> str:  # type: ignore[override]  # str.title() is never wanted here
        return str(self._title)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(code, title) pairs for a select field, in declaration order."""
        return [(member.value, member.title) for member in cls]

    @classmethod
    def lookup(cls, code: str | None) -> TitledEnum | None:
        """The member for a stored code, or None for an unknown one."""
        try:
            return cls(code)  # type: ignore[arg-type]  # Enum lookup, not __new__: None is unknown
        except ValueError:
            return None
