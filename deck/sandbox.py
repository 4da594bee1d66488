"""The sandbox every template renders in: layout, filters and the engine's helpers, and no way to Python.

A talk's own templates/ is a stranger's code: Jinja's SandboxedEnvironment (immutable: a
template changes no list or dict of the deck) refuses what starts with '_' (`cycler.__init__`),
and this one also refuses modules, and every call but the ones a layout needs: Jinja's own
(macros, super(), loop.cycle), the engine's helpers and the deck's methods (deck/*), and the
methods of plain values (str, list, dict, numbers, Markup). So `deck.root.read_text()` (pathlib),
`talk.model_validate_json(...)` (pydantic) or a module reached through a helper are refused, with
the template's file and line; so is a power or a repetition too large to compute. The engine's
templates render in it too, to the same bytes.
"""
from __future__ import annotations

import abc
import types
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

# Whose functions a template may call: ours, Jinja's own (macros, loop, cycler), markupsafe's.
CALLABLE_MODULES = ("deck", "jinja2", "markupsafe")
# Plain values whose own methods a template may call ('a, b'.split(), names.index(x), d.items()).
PLAIN_VALUES = (str, int, float, bool, list, tuple, dict, set, frozenset, Markup, type(None))
WHY = "a talk's templates lay out the page and cannot reach Python"


def _module_of(value: Any) -> str:
    function = getattr(value, "__func__", value)  # a bound method: the function it binds
    if isinstance(function, (types.FunctionType, type)):
        return getattr(function, "__module__", "") or ""
    return type(value).__module__ or ""  # an object that is called: its class's


def _ours(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in CALLABLE_MODULES)


def _name(value: Any) -> str:
    owner = getattr(value, "__self__", None)
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None) or type(value).__name__
    if owner is not None and not isinstance(owner, types.ModuleType) and "." not in name:
        name = f"{type(owner).__name__}.{name}"
    return name


# What '*' may repeat into: text or a list of at most this many items; a power's exponent at
# most this (10 ** 10000000000 would compute for ever, and a signal cannot interrupt it).
MAX_REPEATED = 1_000_000
MAX_EXPONENT = 1_000
MAX_BITS = 1_000_000  # a power's result: ((99 ** 1000) ** 1000) ** 1000 would take gigabytes


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with calls allowed by whose code they run (module docstring)."""

    intercepted_binops = frozenset({"*", "**"})
    _answers: dict[tuple[type, str], bool] = {}
    _answers_token: object = None

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and (
                abs(right) > MAX_EXPONENT or isinstance(left, int) and left.bit_length() * abs(right) > MAX_BITS):
            raise SecurityError(f"a power of {right} is not open to templates: {WHY}")
        if operator == "*":
            sized, count = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(sized, (str, list, tuple)) and isinstance(count, int) and len(sized) * count > MAX_REPEATED:
                raise SecurityError(f"a repetition into {len(sized) * count:,} items is not open to templates: {WHY}")
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, types.ModuleType) or isinstance(value, types.ModuleType):
            return False
        # Jinja's answer depends on the owner's class and the name alone (isinstance tests, the
        # name's form), so it is asked once per class and name: a render reads ~2,500 attributes.
        # An owner that claims another __class__ is asked each time, and an ABC registering a
        # class since (abc's cache token) forgets every answer.
        kind = type(obj)
        if getattr(obj, "__class__", kind) is not kind:
            return super().is_safe_attribute(obj, attr, value)
        token = abc.get_cache_token()
        if self._answers_token != token:
            self._answers, self._answers_token = {}, token
        answer = self._answers.get((kind, attr))
        if answer is None:
            answer = self._answers[kind, attr] = super().is_safe_attribute(obj, attr, value)
        return answer

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if obj in PLAIN_VALUES:  # dict(a=1), str(3)
            return True
        target = getattr(obj, "__wrapped__", obj)  # lru_cache's wrapper, the sandbox's own str.format
        if isinstance(target, types.BuiltinFunctionType | types.MethodWrapperType | types.MethodDescriptorType):
            owner = getattr(target, "__self__", None)
            return isinstance(owner, PLAIN_VALUES) and not isinstance(owner, type)
        return _ours(_module_of(target))

    def unsafe_undefined(self, obj: Any, attribute: str):
        owner = obj.__name__ if isinstance(obj, type) else type(obj).__name__
        return self.undefined(f"'{attribute}' of {owner} is not open to templates: {WHY}",
                              name=attribute, obj=obj, exc=SecurityError)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"calling {_name(__obj)} is not open to templates: {WHY}")
        return super().call(__context, __obj, *args, **kwargs)
