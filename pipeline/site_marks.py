"""Cut an article body into properly nested marks, for the site's article pages.

Claims, quantities, time expressions, mentions and exclusions are spans
(char_start, char_end: code points, end exclusive) that may nest or cross.
HTML elements can only nest, so the body is cut at every span boundary and
rendered as a stream of open / text / close tokens; a span that crosses the
end of another is closed there and reopened (a continuation, which carries no
id so that every anchor stays unique).
"""

from dataclasses import dataclass, field

# Outer layers first when two spans cover the same characters, so that a claim
# holds its quantities rather than being cut by them.
LAYER_ORDER = ("claim", "exclusion", "quantity", "time", "mention")


@dataclass(frozen=True)
class Mark:
    layer: str
    anchor: str
    start: int
    end: int
    row: dict = field(compare=False, hash=False)


@dataclass(frozen=True)
class Token:
    kind: str  # "open", "text" or "close"
    text: str = ""
    mark: Mark | None = None
    continued: bool = False


class MarkError(ValueError):
    """A span that does not fit its text: the package is broken, not the site."""


def _order(mark: Mark) -> tuple:
    return (mark.start, -mark.end, LAYER_ORDER.index(mark.layer), mark.anchor)


def tokens(text: str, marks: list[Mark]) -> list[Token]:
    """The text with every mark opened and closed around its characters, well nested."""
    for mark in marks:
        if not 0 <= mark.start < mark.end <= len(text):
            raise MarkError(f"{mark.anchor}: span {mark.start}-{mark.end} outside a text of {len(text)} characters")
    ordered = sorted(marks, key=_order)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    result: list[Token] = []
    stack: list[Mark] = []
    opened: set[str] = set()
    for start, end in zip(cuts, cuts[1:]):
        active = [mark for mark in ordered if mark.start <= start and end <= mark.end]
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] == active[keep]:
            keep += 1
        result += [Token("close", mark=mark) for mark in reversed(stack[keep:])]
        stack = stack[:keep]
        for mark in active[keep:]:
            result.append(Token("open", mark=mark, continued=mark.anchor in opened))
            opened.add(mark.anchor)
            stack.append(mark)
        result.append(Token("text", text=text[start:end]))
    result += [Token("close", mark=mark) for mark in reversed(stack)]
    return result
