"""The app's side of the user's keymap: every binding id the screens have, and the
problems with a keymap file in words (core rules in reintegrate/keymap.py).

Only used when a keymap file asks for something, and after the first paint: importing
every screen module to list their bindings costs nothing to a family without one.
"""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.screen import Screen

import screens
from reintegrate.keymap import APP_SCOPE, KeymapFile, KnownBinding, check_keymap, first_problems


def known_bindings(app_class: type[DOMNode]) -> dict[str, KnownBinding]:
    """Binding id -> where it applies and its default keys, for the App and every screen."""
    for info in pkgutil.walk_packages(screens.__path__, prefix="screens."):
        importlib.import_module(info.name)
    keys: dict[str, tuple[str, ...]] = {}
    descriptions: dict[str, str] = {}
    scopes: dict[str, set[str]] = {}
    for node_class, scope in [(app_class, APP_SCOPE), *((s, s.__name__) for s in _subclasses(Screen)
                                                       if s.__module__.startswith("screens."))]:
        # The screen's own bindings and those it inherits, as Textual builds them.
        for base in node_class.__mro__:
            for binding in Binding.make_bindings(base.__dict__.get("BINDINGS", [])):
                if binding.id:
                    if base is node_class or binding.id not in keys:
                        keys[binding.id] = _keys_of(node_class, binding.id)
                    descriptions.setdefault(binding.id, binding.description)
                    scopes.setdefault(binding.id, set()).add(scope)
    return {i: KnownBinding(frozenset(scopes[i]), keys[i], descriptions[i]) for i in keys}


def _keys_of(node_class: type, binding_id: str) -> tuple[str, ...]:
    for base in node_class.__mro__:
        found = tuple(b.key for b in Binding.make_bindings(base.__dict__.get("BINDINGS", [])) if b.id == binding_id)
        if found:
            return found
    return ()


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def same_key(key: str) -> str:
    """'question_mark' and '?' are one key."""
    key = key.strip()
    return key_to_character(key) or key


def keymap_problems(keymap: KeymapFile, app_class: type[DOMNode]) -> list[str]:
    return first_problems([*keymap.problems, *check_keymap(keymap.keys, known_bindings(app_class), same_key)])
