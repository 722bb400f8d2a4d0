"""Persistent collections for the meeting's state: derive a new value in O(1), keep the old one.

The state is a value: applying an event returns a new state and leaves the old one as it was
(tests compare states; the console keeps the state before a command). Copying a dict or a tuple
for every event made that cost grow with the meeting, and a replay quadratic. These three share
structure instead:

- :class:`Stack`: a linked list, for the undo history (push and pop at the top);
- :class:`Log`: a sequence that grows at its end over a shared list, for the notes, breaks,
  restarts and torn lines;
- :class:`PMap`: a mapping whose versions share one store of ``(version, value)`` entries per
  key, for the time spent at each slot and when it was first entered and last left.

Each compares equal to the plain tuple or dict with the same contents. Deriving from the newest
value is O(1); deriving from an older one (a branch, rare: a test, a discarded preview) first
copies what that value sees, so every value stays exactly what it was.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


class Stack(Sequence[T]):
    """An immutable stack, oldest first when iterated or indexed; push and pop are O(1)."""

    __slots__ = ("_rest", "_size", "_top")

    _top: T
    _rest: Stack[T] | None
    _size: int

    def __init__(self, items: Iterable[T] = ()) -> None:
        stack: Stack[T] | None = None
        size = 0
        top: Any = None
        for item in items:
            if size:
                stack = self._node(top, stack, size)
            top, size = item, size + 1
        self._top, self._rest, self._size = top, stack, size

    @classmethod
    def _node(cls, top: T, rest: Stack[T] | None, size: int) -> Stack[T]:
        node: Stack[T] = object.__new__(cls)
        node._top, node._rest, node._size = top, rest, size
        return node

    def push(self, item: T) -> Stack[T]:
        """This stack with ``item`` on top."""
        return self._node(item, self if self._size else None, self._size + 1)

    def pop(self) -> tuple[T, Stack[T]]:
        """The top item and the stack below it; IndexError when empty."""
        if not self._size:
            raise IndexError("pop from an empty stack")
        rest = self._rest if self._rest is not None else Stack[T]()
        return self._top, rest

    def __len__(self) -> int:
        return self._size

    def _newest_first(self) -> Iterator[T]:
        node: Stack[T] | None = self
        while node is not None and node._size:
            yield node._top
            node = node._rest

    def __iter__(self) -> Iterator[T]:
        return reversed(list(self._newest_first()))

    def __reversed__(self) -> Iterator[T]:
        return self._newest_first()

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, int) and index in (-1, self._size - 1) and self._size:
            return self._top
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(other) == self._size and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Stack({list(self)!r})"


class Log(Sequence[T]):
    """An immutable sequence that grows at its end: :meth:`append` and :meth:`set_last` on the
    newest value are O(1).

    A log of ``n`` items is ``items[:n - 1]`` of a list it may share, followed by its own last
    item: so setting the last item (a break that ends) touches no shared list, and appending
    writes the last item into the shared list only while no other value has done so.
    """

    __slots__ = ("_items", "_last", "_size")

    _items: list[T]
    _last: T | None
    _size: int

    def __init__(self, items: Iterable[T] = ()) -> None:
        values = list(items)
        self._size = len(values)
        self._last = values.pop() if values else None
        self._items = values

    @classmethod
    def _make(cls, items: list[T], size: int, last: T | None) -> Log[T]:
        log: Log[T] = object.__new__(cls)
        log._items, log._size, log._last = items, size, last
        return log

    def append(self, item: T) -> Log[T]:
        """This sequence with ``item`` at the end."""
        size, items = self._size, self._items
        if size:
            if len(items) != size - 1:  # another value has grown from this one: branch
                items = items[: size - 1]
            items.append(self._last)  # type: ignore[arg-type]
        return self._make(items, size + 1, item)

    def set_last(self, item: T) -> Log[T]:
        """This sequence with its last item replaced; IndexError when empty."""
        if not self._size:
            raise IndexError("set_last on an empty log")
        return self._make(self._items, self._size, item)

    @property
    def last(self) -> T | None:
        """The last item; None when empty."""
        return self._last if self._size else None

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[T]:
        size = self._size
        if size:
            items = self._items
            for index in range(size - 1):
                yield items[index]
            yield self._last  # type: ignore[misc]

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        size = self._size
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("log index out of range")
        return self._last if index == size - 1 else self._items[index]  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(other) == self._size and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Log({list(self)!r})"


class _Store(Generic[K, V]):
    """What every version of one :class:`PMap` line shares: per key, its ``(version, value)``
    entries in the order they were set."""

    __slots__ = ("entries", "latest", "order")

    def __init__(self) -> None:
        self.entries: dict[K, list[tuple[int, V]]] = {}
        self.latest = 0
        self.order: list[K] = []
        """The key each version set: ``order[v - 1]`` by version ``v`` (versions of one store
        form one line: deriving from an older one copies into a new store)."""


def _version(entry: tuple[int, Any]) -> int:
    return entry[0]


class PMap(Mapping[K, V]):
    """An immutable mapping; :meth:`set` on the newest version is O(1)."""

    __slots__ = ("_size", "_store", "_version")

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        store: _Store[K, V] = _Store()
        for key, value in (items or {}).items():
            store.entries[key] = [(0, value)]
        self._store, self._version, self._size = store, 0, len(store.entries)

    def set(self, key: K, value: V) -> PMap[K, V]:
        """This mapping with ``key`` set to ``value``."""
        store, version = self._store, self._version
        entries = store.entries.get(key)
        size = self._size if entries is not None and entries[0][0] <= version else self._size + 1
        if store.latest != version:  # another value was derived from this one: branch
            store = PMap(dict(self.items()))._store
            version = 0
            entries = store.entries.get(key)
        version += 1
        store.latest = version
        if entries is None:
            store.entries[key] = [(version, value)]
        else:
            entries.append((version, value))
        store.order.append(key)
        result: PMap[K, V] = object.__new__(PMap)
        result._store, result._version, result._size = store, version, size
        return result

    def discard(self, key: K) -> PMap[K, V]:
        """This mapping without ``key``. O(n): a new store (undoing a step takes a slot's entry
        back, rarely; nothing else removes a key, so ``set`` stays O(1) without tombstones)."""
        if key not in self:
            return self
        return PMap({k: v for k, v in self.items() if k != key})

    def changed_since(self, older: PMap[K, V]) -> list[K] | None:
        """The keys set on the way from ``older`` to this mapping, in order (repeats kept), if
        this mapping was derived from it; None if not (then compare the two whole). O(keys set):
        what lets a running total over the values follow the meeting instead of being summed
        again on every event."""
        if older._store is not self._store or older._version > self._version:
            return None
        return self._store.order[older._version : self._version]

    def __getitem__(self, key: K) -> V:
        entries = self._store.entries[key]
        last = entries[-1]
        if last[0] <= self._version:
            return last[1]
        index = bisect_right(entries, self._version, key=_version)
        if index == 0:
            raise KeyError(key)
        return entries[index - 1][1]

    def __contains__(self, key: object) -> bool:
        entries = self._store.entries.get(key)  # type: ignore[arg-type]
        return entries is not None and entries[0][0] <= self._version

    def __iter__(self) -> Iterator[K]:
        version = self._version
        return (key for key, entries in self._store.entries.items() if entries[0][0] <= version)

    def __len__(self) -> int:
        return self._size

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return len(other) == self._size and dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PMap({dict(self.items())!r})"


# -- transients: the same methods over plain mutable storage, for a fold that owns them -------
#
# A replay of a whole journal derives each value only from the newest one and keeps none of the
# values between, so it needs no persistence while it runs: like Clojure's transients, these
# change in place and return themselves, so the one ``apply`` serves both. ``persistent()``
# makes the value the fold leaves behind, in O(n) once.


class TransientStack(Generic[T]):
    """:class:`Stack`'s push and pop over a list, changed in place."""

    __slots__ = ("_items",)

    def __init__(self, stack: Stack[T]) -> None:
        self._items = list(stack)

    def push(self, item: T) -> TransientStack[T]:
        """Put ``item`` on top; return this stack."""
        self._items.append(item)
        return self

    def pop(self) -> tuple[T, TransientStack[T]]:
        """Take the top item off: it and this stack; IndexError when empty."""
        if not self._items:
            raise IndexError("pop from an empty stack")
        return self._items.pop(), self

    def __len__(self) -> int:
        return len(self._items)

    def persistent(self) -> Stack[T]:
        """The stack as an immutable value."""
        return Stack(self._items)


class TransientLog(Generic[T]):
    """:class:`Log`'s append and set_last over a list, changed in place."""

    __slots__ = ("_items",)

    def __init__(self, log: Log[T]) -> None:
        self._items = list(log)

    def append(self, item: T) -> TransientLog[T]:
        """Add ``item`` at the end; return this log."""
        self._items.append(item)
        return self

    def set_last(self, item: T) -> TransientLog[T]:
        """Replace the last item; return this log; IndexError when empty."""
        if not self._items:
            raise IndexError("set_last on an empty log")
        self._items[-1] = item
        return self

    @property
    def last(self) -> T | None:
        """The last item; None when empty."""
        return self._items[-1] if self._items else None

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: int) -> T:
        return self._items[index]

    def persistent(self) -> Log[T]:
        """The log as an immutable value."""
        return Log(self._items)


class TransientMap(dict[K, V]):
    """:class:`PMap`'s ``set`` on a dict, changed in place."""

    __slots__ = ()

    def set(self, key: K, value: V) -> TransientMap[K, V]:
        """Set ``key`` to ``value``; return this mapping."""
        self[key] = value
        return self

    def discard(self, key: K) -> TransientMap[K, V]:
        """Remove ``key`` if present; return this mapping."""
        self.pop(key, None)
        return self

    def persistent(self) -> PMap[K, V]:
        """The mapping as an immutable value."""
        return PMap(self)
