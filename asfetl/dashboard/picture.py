"""A chart drawn as SVG in Python: its title and source, a value axis, a legend, the root element.

Such a chart is in the page as drawn, in both languages and both widths (layout.VARIANTS); the
stylesheet shows the one of the page's language and the chart's width (a container query at
NARROW_BELOW, the width under which a Plotly chart takes its phone layout too). Heights are
pixels; horizontal positions and widths are shares of the picture's width, so that one picture
reflows across the widths its variant is drawn for (MIN_WIDTH and wider) with its text kept at
its size. Texts wider than their room are wrapped here, from a generous estimate of their width.
"""

from typing import NamedTuple

from asfetl.dashboard import svg
from asfetl.dashboard.layout import FONT, INK, MUTED, SUBTITLE, TITLE, value_axis, wrap

NARROW_BELOW = 500  # px: dashboard.js's width under which a chart gets its phone layout
# The narrowest chart each variant is drawn for (px): a card of 500 px and a 320 px phone's card.
MIN_WIDTH = {False: NARROW_BELOW, True: 274}
CHAR = 0.62  # a character's width as a share of its font size, generous (DejaVu Sans: 0.55–0.64)
AXIS_LINE = "#888888"
TITLE_LINE, FOOT_LINE, LINE = 20, 16, 16  # px from one line of text to the next
BASELINE = 0.78  # a line's baseline as a share of its height: its glyphs' box stays inside it


def width(text: str, size: int = 12) -> float:
    """A generous estimate of a text's width in pixels."""
    return CHAR * size * len(text)


class Scale(NamedTuple):
    """Values to horizontal positions: `low` at the picture's left edge, `high` at its right."""

    low: float
    high: float
    ticks: list[tuple[float, str]]

    def x(self, value: float) -> float:
        """Where `value` lies, as a share (%) of the picture's width."""
        return 100 * (value - self.low) / (self.high - self.low)


def scale(low: float, high: float, lang: str, narrow: bool, whole: bool) -> Scale:
    """An axis from layout.value_axis (zero in it, round ticks written the page's way), padded
    at both ends so that the end ticks' labels, centred on their ticks, fit the narrowest width."""
    axis = value_axis(low, high, lang, narrow, whole)
    start, end = axis["range"]
    span = end - start
    texts_ = axis["ticktext"] or [""]
    room = max(width(texts_[0]), width(texts_[-1])) / 2 + 2  # px beside the end ticks
    share = max(0.03, room / MIN_WIDTH[narrow])
    pad = share / (1 - 2 * share) * span
    ticks = list(zip(axis["tickvals"], axis["ticktext"], strict=True))
    return Scale(start - pad, end + pad, ticks)


def lines(
    rows: list[str], top: float, *, size: int = 12, height: int = LINE, **attrs: object
) -> str:
    """Texts one under the other from `top`, each its own <text> (so that each line's box is
    its own): `height` px apart, the first line's box inside [top, top + height]."""
    font = None if size == 12 else size  # 12 px: the picture's own size, inherited
    return "".join(
        svg.text(row, y=svg.num(top + i * height + round(BASELINE * height)), font_size=font,
                 **attrs)
        for i, row in enumerate(rows)
    )  # fmt: skip


class Head(NamedTuple):
    markup: str
    height: float


def head(title: str, foot: str, narrow: bool) -> Head:
    """The title, then the unit and source under it: in the picture, so that a saved image
    carries them."""
    title_size, title_chars = TITLE[narrow]
    foot_size, foot_chars = SUBTITLE[narrow]
    title_rows = wrap(title, title_chars)
    foot_rows = wrap(foot, foot_chars) if foot else []
    top = 4
    markup = lines(title_rows, top, size=title_size, height=TITLE_LINE, x="0",
                   font_weight="600", class_="picture-title")  # fmt: skip
    top += TITLE_LINE * len(title_rows) + 2
    markup += lines(foot_rows, top, size=foot_size, height=FOOT_LINE, x="0", fill=MUTED,
                    class_="picture-subtitle")  # fmt: skip
    return Head(markup, top + FOOT_LINE * len(foot_rows) + 10)


def axis(values: Scale, top: float, title: str, narrow: bool) -> Head:
    """The value axis along the bottom of the plot at `top`: a line, ticks, their labels and the
    axis's title under them."""
    parts = [svg.element("line", x1="0", x2="100%", y1=top, y2=top, stroke=AXIS_LINE)]
    for value, label in values.ticks:
        x = svg.pct(values.x(value))
        parts.append(svg.element("line", x1=x, x2=x, y1=top, y2=top + 4.0, stroke=AXIS_LINE))
        parts.append(lines([label], top + 5, x=x, text_anchor="middle", class_="tick"))
    top += 5 + LINE + 2
    rows = wrap(title, int(MIN_WIDTH[narrow] / width("x")))
    parts.append(lines(rows, top, x="50%", text_anchor="middle", fill=MUTED, class_="axis-title"))
    return Head("".join(parts), top + LINE * len(rows) + 8)


class Key(NamedTuple):
    """A legend's entry: a bar's colour (a square) or a reference mark's (an upright line)."""

    name: str
    colour: str
    mark: bool = False


KEY_SWATCH, KEY_GAP, KEY_ROW = 14, 16, 22  # px: a swatch, the room after an entry, a row


def legend(keys: list[Key], top: float, narrow: bool) -> Head:
    """The entries in rows as wide as the narrowest picture of the variant."""
    parts, x, row = [], 0.0, 0
    for key in keys:
        room = KEY_SWATCH + 6 + width(key.name) + KEY_GAP
        if x and x + room > MIN_WIDTH[narrow]:
            x, row = 0.0, row + 1
        y = top + KEY_ROW * row
        if key.mark:
            swatch = svg.element("line", x1=x + 7, x2=x + 7, y1=y + 3, y2=y + 17,
                                 stroke=key.colour, stroke_width="3")  # fmt: skip
        else:
            swatch = svg.element("rect", x=x + 1, y=y + 4, width="12", height="12",
                                 fill=key.colour)  # fmt: skip
        label = lines([key.name], y + 2, x=svg.num(x + KEY_SWATCH + 6))
        parts.append(svg.group(swatch, label, class_="legend-item"))
        x += room
    height = KEY_ROW * (row + 1) if keys else 0
    return Head(svg.group(*parts, class_="legend"), top + height + 4)


def root(parts: list[str], height: float, lang: str, narrow: bool, label: str) -> str:
    """The picture: as wide as its card, `height` px tall, an image whose accessible name is
    `label` (the sentence saying what it shows); white behind everything."""
    paper = svg.element("rect", width="100%", height=height, fill="#ffffff", class_="paper")
    return svg.element(
        "svg",
        paper,
        *parts,
        xmlns=svg.SVG_NS,
        class_=f"picture {'narrow' if narrow else 'wide'}",
        lang=lang,
        width="100%",
        height=svg.num(height),
        role="img",
        aria_label=label,
        font_family=FONT,
        font_size="12",
        fill=INK,
    )
