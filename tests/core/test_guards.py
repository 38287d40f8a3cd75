"""Every route says who may use it: a guard that asks a policy, or an explicit `public`."""

from __future__ import annotations


def test_every_route_declares_who_may_use_it(app):
    undeclared = [
        f"{rule.rule} ({rule.endpoint})"
        for rule in app.url_map.iter_rules()
        # Flask's own static views (the app's and a blueprint's) serve only packaged files.
        if rule.endpoint != "static"
        and not rule.endpoint.endswith(".static")
        and not hasattr(app.view_functions[rule.endpoint], "guarded_by")
    ]
    assert not undeclared, "routes without @guard(...) or @public: " + ", ".join(undeclared)


def test_guards_name_real_policy_predicates(app):
    checks = {getattr(view, "guarded_by", None) for view in app.view_functions.values()}
    named = {check.__module__ for check in checks if callable(check)}
    assert named, "at least one route asks a policy"
    # A domain's policy, or the role predicates all policies share (is_signed_in …).
    assert all(m.endswith(".policy") or m == "consortium.core.actors" for m in named), named
