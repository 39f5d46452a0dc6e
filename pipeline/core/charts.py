"""Static SVG charts, written by hand so they are small, deterministic and offline.

Every piece of text is escaped; nothing is fetched.
"""

from __future__ import annotations

from html import escape

WIDTH = 720


def _svg(height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {WIDTH} {height}" preserveAspectRatio="xMinYMin meet" role="img" '
        f'aria-label="{escape(title)}" font-family="sans-serif" font-size="12">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def bar_chart(title: str, rows: list[tuple[str, float]], unit: str) -> str:
    """Horizontal bars: (label, value), largest first."""

    def text_width(text: str) -> float:  # rough: CJK glyphs are about twice as wide at 12 px
        return sum(12 if ord(ch) > 0x2E80 else 6.6 for ch in text)

    left = min(max((text_width(label) for label, _ in rows), default=60) + 12, WIDTH * 0.45)
    right, bar_h, gap, top = 130, 18, 6, 30
    height = top + len(rows) * (bar_h + gap) + 10
    vmax = max((v for _, v in rows), default=1) or 1
    body = [f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>']
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = (WIDTH - left - right) * value / vmax
        body.append(f'<text x="{left - 6:.1f}" y="{y + 13}" text-anchor="end">{escape(label)}</text>')
        body.append(f'<rect x="{left:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#3b6ea5"/>')
        body.append(f'<text x="{left + w + 4:.1f}" y="{y + 13}">{escape(f"{value:,.2f}".rstrip("0").rstrip(".") + " " + unit)}</text>')
    return _svg(height, title, body)


def number(value: float) -> str:
    """A value as a reader reads it: thousands separated, at most three significant decimals below 10."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def line_chart(title: str, series: dict[str, list[tuple[int, float]]], unit: str) -> str:
    """Lines over years: {label: [(year, value), ...]}."""
    left, right, top, bottom, height = 70, 190, 44, 30, 330
    points = [p for s in series.values() for p in s]
    if not points:
        return _svg(60, title, [f'<text x="0" y="16">{escape(title)}: no data</text>'])
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    y1 = max(p[1] for p in points) * 1.1 or 1
    if len(points) > 60:  # dense series: lines only, one marker per series end
        radius = 0
    else:
        radius = 3
    colours = ["#3b6ea5", "#c0504d", "#4f9a4f", "#8064a2", "#d08c2c", "#555555"]

    def sx(x: float) -> float:
        return left + (WIDTH - left - right) * ((x - x0) / ((x1 - x0) or 1))

    def sy(y: float) -> float:
        return height - bottom - (height - top - bottom) * y / y1

    body = [
        f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{WIDTH - right}" y2="{height - bottom}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#999"/>',
        *[
            f'<line x1="{left}" y1="{sy(y1 * k / 4):.1f}" x2="{WIDTH - right}" y2="{sy(y1 * k / 4):.1f}" stroke="#e4e4e4"/>'
            f'<text x="{left - 6}" y="{sy(y1 * k / 4) + 4:.1f}" text-anchor="end">{escape(number(y1 * k / 4))}</text>'
            for k in (1, 2, 3, 4)
        ],
        f'<text x="{left - 6}" y="{height - bottom + 4}" text-anchor="end">0</text>',
        f'<text x="{left}" y="{height - 8}">{x0}</text>',
        f'<text x="{WIDTH - right}" y="{height - 8}" text-anchor="end">{x1}</text>',
        f'<text x="{left + 4}" y="{top - 6}">{escape(unit)}</text>',
    ]
    for i, (label, pts) in enumerate(series.items()):
        colour = colours[i % len(colours)]
        pts = sorted(pts)
        path = " ".join(f"{'M' if j == 0 else 'L'}{sx(x):.1f},{sy(y):.1f}" for j, (x, y) in enumerate(pts))
        body.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in pts if radius else pts[-1:]:
            body.append(
                f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="{radius or 2}" fill="{colour}"><title>{escape(f"{label} {x}: {number(y)} {unit}")}</title></circle>'
            )
        body.append(f'<text x="{WIDTH - right + 8}" y="{top + 14 + 16 * i}" fill="{colour}">{escape(label)}</text>')
    return _svg(height, title, body)
