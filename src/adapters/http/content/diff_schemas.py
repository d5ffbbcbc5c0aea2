"""A version diff as typed blocks: the web client renders these and parses nothing."""

from uuid import UUID

import msgspec

from edu_core.application.content import VersionDiff
from edu_core.domain.content.blocks import (
    Block,
    BlockKind,
    DiffLine,
    DiffOp,
    Inline,
    InlineKind,
    Mark,
)


class InlineOut(msgspec.Struct):
    """A run of text with its marks, or an inline formula (``text`` holds its LaTeX)."""

    text: str
    kind: InlineKind = InlineKind.TEXT
    marks: list[Mark] = msgspec.field(default_factory=list)
    href: str | None = None

    @classmethod
    def of(cls, inline: Inline) -> "InlineOut":
        return cls(text=inline.text, kind=inline.kind, marks=list(inline.marks),
                   href=inline.href)


class BlockOut(msgspec.Struct):
    """One block of a document. ``source`` is a formula's LaTeX, an image's stored address or
    a simulation's address; ``alt`` an image's alternative text or a simulation's title;
    ``label`` names a section or field, a choice's id or a code block's language."""

    kind: BlockKind
    inlines: list[InlineOut] = msgspec.field(default_factory=list)
    cells: list[list[InlineOut]] = msgspec.field(default_factory=list)
    level: int = 0
    ordered: bool = False
    header: bool = False
    label: str = ""
    source: str = ""
    alt: str = ""
    correct: bool | None = None

    @classmethod
    def of(cls, block: Block) -> "BlockOut":
        return cls(kind=block.kind, inlines=[InlineOut.of(i) for i in block.inlines],
                   cells=[[InlineOut.of(i) for i in cell] for cell in block.cells],
                   level=block.level, ordered=block.ordered, header=block.header,
                   label=block.label, source=block.source, alt=block.alt,
                   correct=block.correct)


class DiffLineOut(msgspec.Struct):
    op: DiffOp
    block: BlockOut

    @classmethod
    def of(cls, line: DiffLine) -> "DiffLineOut":
        return cls(op=line.op, block=BlockOut.of(line.block))


class DiffOut(msgspec.Struct):
    """Every block of both versions in reading order, each equal, deleted or inserted (a
    changed block is deleted in its old form and inserted in its new one). The title is the
    first block; formulas compare by LaTeX, images by stored address, embeds by address."""

    item_id: UUID
    from_version: int | None
    to_version: int
    changed: bool
    inserted: int
    deleted: int
    lines: list[DiffLineOut]

    @classmethod
    def of(cls, d: VersionDiff) -> "DiffOut":
        return cls(item_id=d.item_id, from_version=d.from_version, to_version=d.to_version,
                   changed=d.changed,
                   inserted=sum(1 for line in d.lines if line.op is DiffOp.INSERT),
                   deleted=sum(1 for line in d.lines if line.op is DiffOp.DELETE),
                   lines=[DiffLineOut.of(line) for line in d.lines])
