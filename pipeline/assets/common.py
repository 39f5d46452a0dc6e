"""Small helpers shared by the asset modules."""

from __future__ import annotations

import inspect


def with_params(*names: str):
    """Give a ``**inputs`` function the explicit parameters Dagster reads its inputs from."""

    def decorate(fn):
        p = inspect.Parameter
        fn.__signature__ = inspect.Signature([p("context", p.POSITIONAL_OR_KEYWORD)] + [p(n, p.POSITIONAL_OR_KEYWORD) for n in names])
        return fn

    return decorate
