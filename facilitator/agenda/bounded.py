"""A safe YAML loader that refuses documents too deep or too aliased to build.

PyYAML composes aliases as shared nodes, so an "alias bomb" (``a: &a [x, x]``, ``b: &b [*a, *a]``,
… nine levels deep) is small as nodes but expands to billions of values once anything walks it
as a tree (the constructor's lists are shared too; pydantic then copies every path). Deep
nesting (``[[[[…]]]]`` 10,000 levels) overflows PyYAML's recursive composer. Both are refused
here, *while composing* (one pass, no second parse), before any data is built:

- nesting deeper than :data:`MAX_DEPTH` collections;
- more than :data:`MAX_ALIASES` alias uses;
- more than :data:`MAX_EXPANDED_NODES` nodes once every alias is expanded (each node's expanded
  size is known when it is finished, so an alias costs one addition).

A real agenda nests about eight levels and uses no aliases; these limits never touch one.

:func:`compose` uses libyaml (``yaml.CSafeLoader``, some twenty times faster) where PyYAML has
it. Its composer cannot be overridden from Python, so the same limits are checked afterwards by
an iterative walk over the composed nodes that memoises each node's expanded size by ``id``
(libyaml itself refuses nesting deeper than 1,000), before anything is constructed. A document
libyaml refuses, or one over a limit, is composed again by :class:`BoundedLoader`, so that every
message (and its line) is exactly the pure-Python loader's: only a good document takes the fast
path.
"""

from __future__ import annotations

from typing import Any, Final

import yaml

__all__ = [
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_EXPANDED_NODES",
    "BoundedLoader",
    "LimitExceeded",
    "compose",
    "within_limits",
]

MAX_DEPTH: Final = 64
MAX_ALIASES: Final = 1_000
#: A 5,000-step agenda has 10,000 to 40,000 values; validating and checking each costs about
#: 1 KB and 20 µs, so this bounds what aliases can make `check` do to about 0.2 GB and 4 s,
#: and it also caps a plain file of tiny values, which the 4 MiB size limit alone would not.
MAX_EXPANDED_NODES: Final = 200_000


class LimitExceeded(yaml.YAMLError):
    """A document over one of the limits; ``reason`` is the message, ``mark`` where it was."""

    def __init__(self, reason: str, mark: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.mark = mark


class BoundedLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that counts depth, alias uses and expanded size as it composes."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._expanded = 0
        self._sizes: dict[int, int] = {}
        """Expanded size of every anchored node, by id: what one alias of it adds."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise LimitExceeded(
                    f"more than {MAX_ALIASES:,} aliases (*name); write the values out",
                    event.start_mark,
                )
            self._grow(self._sizes.get(id(node), 1), event)
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise LimitExceeded(
                f"nested more than {MAX_DEPTH} levels deep; an agenda needs about eight",
                event.start_mark,
            )
        start = self._expanded
        self._grow(1, event)
        node = super().compose_node(parent, index)
        if getattr(event, "anchor", None) is not None:
            self._sizes[id(node)] = self._expanded - start
        self._depth -= 1
        return node

    def _grow(self, size: int, event: yaml.Event) -> None:
        self._expanded += size
        if self._expanded > MAX_EXPANDED_NODES:
            raise LimitExceeded(
                f"expands to more than {MAX_EXPANDED_NODES:,} values (counting what aliases "
                "repeat; an alias bomb?)",
                event.start_mark,
            )


def within_limits(root: yaml.Node) -> bool:
    """Whether a composed document keeps to the limits, counted as :class:`BoundedLoader`
    counts them while composing (a node seen again is an alias of it)."""
    sizes: dict[int, int] = {}
    starts: dict[int, int] = {}
    seen: set[int] = set()
    aliases = expanded = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, leaving = stack.pop()
        key = id(node)
        if leaving:
            sizes[key] = expanded - starts.pop(key)
            continue
        if key in seen:
            aliases += 1
            expanded += sizes.get(key, 1)
            if aliases > MAX_ALIASES or expanded > MAX_EXPANDED_NODES:
                return False
            continue
        seen.add(key)
        expanded += 1
        if depth > MAX_DEPTH or expanded > MAX_EXPANDED_NODES:
            return False
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            sizes[key] = 1
            continue
        starts[key] = expanded - 1
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in reversed(children))
    return True


def compose(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node graph within the limits, and the loader to construct it with.

    Raises what :class:`BoundedLoader` raises (:class:`LimitExceeded`, a ``yaml.YAMLError``).
    """
    fast: Any = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        loader = fast(text)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            node = None
            good = False
        else:
            good = node is None or within_limits(node)
        finally:
            loader.dispose()
        if good:
            return node, loader
    slow = BoundedLoader(text)
    try:
        return slow.get_single_node(), slow
    finally:
        slow.dispose()
