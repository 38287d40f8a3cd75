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

from flask import Flask, current_app, url_for

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
        return url_for(self.endpoint, **(self.url_args(user) if self.url_args else {}))


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    policies: dict[str, ModuleType] = field(default_factory=dict)
    audit_actions: dict[str, Any] = field(default_factory=dict)
    object_types: dict[str, Any] = field(default_factory=dict)


def of(app: Flask | None = None) -> Registry:
    app = app or current_app
    return app.extensions.setdefault(KEY, Registry())


def add_nav(app: Flask, *items: NavItem) -> None:
    of(app).nav.extend(items)


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


def nav_items(user: Any, menu: str = "main") -> list[NavItem]:
    items = [i for i in of().nav if i.menu == menu and i.visible(user)]
    return sorted(items, key=lambda i: i.order)


def policies() -> SimpleNamespace:
    return SimpleNamespace(**of().policies)
