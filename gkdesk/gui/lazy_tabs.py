"""Tabs whose content is built the first time it is needed (shown, navigated to), so the window opens fast."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Generic, TypeVar

from PySide6.QtWidgets import QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)


class LazyTab(QWidget, Generic[W]):
    """A tab page holding a factory; ``content()`` builds the real page once."""

    def __init__(self, factory: Callable[[], W], on_built: Callable[[W], None] | None = None) -> None:
        super().__init__()
        self._factory = factory
        self._on_built = on_built
        self._content: W | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._content is not None

    def content(self) -> W:
        if self._content is None:
            self._content = self._factory()
            self._layout.addWidget(self._content)
            if self._on_built is not None:
                self._on_built(self._content)
        return self._content


class LazyTabMap(Mapping[str, W]):
    """key -> page, building the page on access; ``built_values()`` only those already built."""

    def __init__(self) -> None:
        self._tabs: dict[str, LazyTab[W]] = {}

    def add(self, key: str, tab: LazyTab[W]) -> None:
        self._tabs[key] = tab

    def __getitem__(self, key: str) -> W:
        return self._tabs[key].content()

    def __iter__(self) -> Iterator[str]:
        return iter(self._tabs)

    def __len__(self) -> int:
        return len(self._tabs)

    def built_values(self) -> list[W]:
        return [t.content() for t in self._tabs.values() if t.built]
