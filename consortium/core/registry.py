"""What domains contribute to the shared frame: navigation, template policies, audit titles.

Each domain's `init_app(app)` adds its parts here; `base.html` and the audit log read them
back. Everything lives on the app (`app.extensions`), so two apps in one process never
share a menu.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType, SimpleNamespace
from typing import Any

from flask import Flask, current_app

from consortium.core.urls import remembered_url_for

KEY = "consortium.registry"


@dataclass(frozen=True)
class NavItem:
    """One entry of a menu: shown to those `visible(user)` allows (a policy predicate)."""

    label: Any  # a lazy gettext string
    endpoint: str
    visible: Callable[[Any], bool]
    menu: str = "main"  # main, account, footer
    order: int = 100
    blueprint: str | None = None  # marks the entry current on this blueprint's pages
    url_args: Callable[[Any], dict] | None = None  # the endpoint's values for this user

    def url(self, user: Any) -> str:
        return remembered_url_for(self.endpoint, **(self.url_args(user) if self.url_args else {}))


@dataclass(frozen=True)
class SearchResult:
    """One line of the site-wide search page, in the reader's language."""

    title: str
    url: str
    summary: str = ""
    meta: str = ""  # e.g. a country and an organisation, or a date


@dataclass(frozen=True)
class SearchKind:
    """A domain's part of the site-wide search (`consortium.search`) and of the index.

    `load(ids, user)` turns index hits into results in the given order, leaving out what the
    domain's policy does not let `user` read; `more_url(query)` is the domain's own list
    filtered by the query, if it has one; `reindex()` rewrites every document of the kind
    (`flask search rebuild`) and returns how many it wrote.
    """

    kind: str
    title: Any  # a lazy gettext plural: "Experts"
    load: Callable[[list[int], Any], list[SearchResult]]
    reindex: Callable[[], int]
    more_url: Callable[[str], str] | None = None
    order: int = 100


@dataclass(frozen=True)
class PersonalData:
    """A domain's part of what the platform holds about one person.

    `collect(person)` returns it for the owner's download: JSON values, and dates and times
    (written as ISO 8601); any secret only by whether it exists, and nobody else's private
    data.
    `erase(person)`, if given, runs when the person deletes their account, before `auth`
    anonymises the account itself: the domain removes or unlinks what it holds. Parts run
    by `order`; the audit log's goes last, after the others have recorded their events.
    """

    name: str
    collect: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None
    order: int = 100


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    search_kinds: list[SearchKind] = field(default_factory=list)
    policies: dict[str, ModuleType] = field(default_factory=dict)
    audit_actions: dict[str, Any] = field(default_factory=dict)
    object_types: dict[str, Any] = field(default_factory=dict)
    on_deactivate: list[Callable[..., Any]] = field(default_factory=list)
    personal_data: list[PersonalData] = field(default_factory=list)


def of(app: Flask | None = None) -> Registry:
    app = app or current_app
    return app.extensions.setdefault(KEY, Registry())


def add_nav(app: Flask, *items: NavItem) -> None:
    of(app).nav.extend(items)


def add_search_kind(app: Flask, kind: SearchKind) -> None:
    of(app).search_kinds.append(kind)


def search_kinds() -> list[SearchKind]:
    return sorted(of().search_kinds, key=lambda k: k.order)


def add_policy(app: Flask, name: str, module: ModuleType) -> None:
    """Templates ask `policy.<name>.can_…(current_user, obj)`: the same functions."""
    of(app).policies[name] = module


def add_audit_actions(app: Flask, *vocabularies: Iterable[Any]) -> None:
    """A domain's audit action enums, so stored codes read as translated titles."""
    for vocabulary in vocabularies:
        for action in vocabulary:
            of(app).audit_actions[action.value] = action


def add_object_types(app: Flask, titles: dict[str, Any]) -> None:
    """`{"organisation": _l("Organisation")}`: how the audit log names audited objects."""
    of(app).object_types.update(titles)


def add_on_deactivate(app: Flask, hook: Callable[..., Any]) -> None:
    """`hook(account, actor=...)` runs in the transaction that deactivates an account: a
    domain above `auth` withdraws what the account holds (its access tokens)."""
    of(app).on_deactivate.append(hook)


def deactivation_hooks() -> list[Callable[..., Any]]:
    return list(of().on_deactivate)


def add_personal_data(app: Flask, part: PersonalData) -> None:
    """Each domain that stores something about a person registers its part once."""
    of(app).personal_data.append(part)


def personal_data_parts() -> list[PersonalData]:
    return sorted(of().personal_data, key=lambda p: (p.order, p.name))


def nav_items(user: Any, menu: str = "main") -> list[NavItem]:
    items = [i for i in of().nav if i.menu == menu and i.visible(user)]
    return sorted(items, key=lambda i: i.order)


def policies() -> SimpleNamespace:
    return SimpleNamespace(**of().policies)
