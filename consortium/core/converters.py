"""URL converters that load a model, so a view receives the object or the request is a 404.

Each domain subclasses `SlugConverter` or `IdConverter` for its models and registers them
in its `init_app`; `url_for` accepts the object or its key.
"""

from __future__ import annotations

from typing import Any, ClassVar

from werkzeug.exceptions import NotFound
from werkzeug.routing import BaseConverter, IntegerConverter

from consortium.db import db

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """A database id: a positive integer that fits the column, else an ordinary 404."""

    def __init__(self, url_map: Any) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


class ModelConverter(BaseConverter):
    model: ClassVar[Any]
    key: ClassVar[str]
    # Loader options (joined or selected relations) for a page that shows them: the object
    # is then read once, whole, instead of bare here and again whole in the view.
    options: ClassVar[tuple[Any, ...]] = ()

    def load(self, value: Any) -> Any:
        query = db.select(self.model).where(getattr(self.model, self.key) == value)
        if self.options:
            result = db.session.execute(query.options(*self.options))
            found = result.unique().scalar_one_or_none()
        else:
            found = db.session.scalar(query)
        if found is None:
            raise NotFound()
        return found

    def to_url(self, value: Any) -> str:
        if isinstance(value, self.model):
            value = getattr(value, self.key)
        return super().to_url(value)


class SlugConverter(ModelConverter):
    """`<org:organisation>`: the object whose slug is in the address."""

    key = "slug"
    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"

    def to_python(self, value: str) -> Any:
        return self.load(value)


class ModelIdConverter(ModelConverter):
    """`<person:person>`: the object whose id is in the address."""

    key = "id"
    regex = r"\d+"

    def to_python(self, value: str) -> Any:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise NotFound()
        return self.load(number)
