"""SVG written from Python: elements whose attributes and text are always escaped, numbers short."""

from html import escape

SVG_NS = "http://www.w3.org/2000/svg"


def num(value: float) -> str:
    """A coordinate as SVG wants it: at most two decimals, no trailing zeros, never '-0'."""
    written = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if written in ("", "-0") else written


def pct(value: float) -> str:
    """A horizontal position or width as a share of the picture's width: it reflows."""
    return num(value) + "%"


def _attrs(attrs: dict[str, object]) -> str:
    """` name="value"` pairs; a name's '_' becomes '-' (font_size → font-size), a trailing '_'
    is dropped (class_ → class); None leaves an attribute out."""
    out = []
    for name, value in attrs.items():
        if value is None:
            continue
        key = name.rstrip("_").replace("_", "-")
        written = num(value) if isinstance(value, float) else str(value)
        out.append(f' {key}="{escape(written, quote=True)}"')
    return "".join(out)


def element(tag: str, *children: str, **attrs: object) -> str:
    """<tag …>children</tag>; the children are markup made by these functions."""
    inner = "".join(children)
    return f"<{tag}{_attrs(attrs)}>{inner}</{tag}>" if inner else f"<{tag}{_attrs(attrs)}/>"


def text(content: str, **attrs: object) -> str:
    """A <text> whose words are escaped: a name with '<' or '&' in it stays words."""
    return f"<text{_attrs(attrs)}>{escape(content, quote=False)}</text>"


def title(content: str) -> str:
    """What a browser shows on hover (and a long press): the <title> of its parent element."""
    return f"<title>{escape(content, quote=False)}</title>"


def group(*children: str, tip: str = "", **attrs: object) -> str:
    """A <g>, with a hover text for everything in it when `tip` is given."""
    return element("g", *((title(tip),) if tip else ()), *children, **attrs)
