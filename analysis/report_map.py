"""The province tile map of analysis/report.py: one square per region at its capital's latitude
and longitude, nudged apart where squares would overlap, coloured on a diverging scale (inline
SVG, so the page needs no script)."""
import math

import numpy as np

from report_page import esc, fmt_pct


def colour(v, vmax):
    """Diverging blue (fall) – white – red (rise)."""
    if v is None or not np.isfinite(v):
        return "#cccccc"
    t = max(-1.0, min(1.0, v / vmax)) if vmax > 0 else 0.0
    if t >= 0:
        c0, c1 = (247, 247, 247), (178, 24, 43)
    else:
        c0, c1, t = (247, 247, 247), (33, 102, 172), -t
    r, g, b = (round(a + (b_ - a) * t) for a, b_ in zip(c0, c1))
    return f"#{r:02x}{g:02x}{b:02x}"


def spread(points, size, box, iterations=400):
    """Moves overlapping squares of side `size` apart (a tile map), inside box (x0, y0, x1, y1)."""
    p = {r: np.array(v, dtype=float) for r, v in points.items()}
    names = list(p)
    gap = size + 6
    for _ in range(iterations):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                d = p[b] - p[a]
                overlap = gap - max(abs(d[0]), abs(d[1]))
                if overlap <= 0:
                    continue
                moved = True
                if not d.any():
                    d = np.array([1.0, 0.3])
                step = d / max(abs(d[0]), abs(d[1])) * min(overlap, 4.0) / 2
                p[a] -= step
                p[b] += step
        for r in names:
            p[r][0] = min(max(p[r][0], box[0]), box[2])
            p[r][1] = min(max(p[r][1], box[1]), box[3])
        if not moved:
            break
    return {r: (float(v[0]), float(v[1])) for r, v in p.items()}


def map_svg(values, coords, title, text=fmt_pct, centre=0.0, legend="change"):
    """An inline SVG tile map: one labelled square per region near its lat/lon (a dot and a line
    mark the exact point where a square had to move aside), and a colour legend. Colours diverge
    from `centre` (0 for changes; levels use their median); `text` formats a value."""
    width, height, pad, legend_w, size = 760, 570, 40, 130, 62
    pts = {r: coords[r] for r in values if r in coords}
    lats = [p[0] for p in pts.values()] or [0.0]
    lons = [p[1] for p in pts.values()] or [0.0]
    lat0, lat1 = min(lats), max(lats)
    lon0, lon1 = min(lons), max(lons)
    cos = math.cos(math.radians((lat0 + lat1) / 2))
    inner_w = width - 2 * pad - legend_w - size
    inner_h = height - 2 * pad - size - 20
    scale = min(inner_w / max((lon1 - lon0) * cos, 1e-6), inner_h / max(lat1 - lat0, 1e-6))
    finite = [abs(v - centre) for v in values.values() if np.isfinite(v)]
    vmax = max(finite) if finite else 1.0
    vmax = max(vmax, 1e-9)

    def xy(lat, lon):
        x = pad + size / 2 + (lon - lon0) * scale * cos
        y = pad + 20 + size / 2 + (lat1 - lat) * scale
        return x, y

    exact = {r: xy(*pts[r]) for r in pts}
    box = (pad + size / 2, pad + 20 + size / 2, width - legend_w - pad - size / 2,
           height - pad - size / 2)
    placed = spread(exact, size, box)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="map" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{esc(title)}">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fbfbf8"/>',
           f'<text x="{pad}" y="28" class="map-title">{esc(title)}</text>']
    for r in pts:
        (ex, ey), (x, y) = exact[r], placed[r]
        if abs(ex - x) > 1 or abs(ey - y) > 1:
            out.append(f'<line x1="{ex:.1f}" y1="{ey:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                       f'stroke="#888" stroke-width="0.8"/>'
                       f'<circle cx="{ex:.1f}" cy="{ey:.1f}" r="2.2" fill="#222"/>')
    for r in pts:
        (ex, ey), (x, y) = exact[r], placed[r]
        v = values[r]
        tip = f"{r} ({pts[r][0]:.2f} N, {pts[r][1]:.2f} E): {text(v)}"
        out.append(f'<g class="map-region" data-region="{esc(r)}" '
                   f'data-value="{"nan" if not np.isfinite(v) else repr(float(v))}">'
                   f'<title>{esc(tip)}</title>'
                   f'<rect x="{x - size / 2:.1f}" y="{y - size / 2:.1f}" width="{size}" '
                   f'height="{size}" rx="6" fill="{colour(v - centre, vmax)}" stroke="#333" '
                   f'stroke-width="1"/>'
                   f'<text x="{x:.1f}" y="{y - 6:.1f}" class="map-label">{esc(r)}</text>'
                   f'<text x="{x:.1f}" y="{y + 14:.1f}" class="map-value">{esc(text(v))}'
                   f'</text></g>')
    missing = [r for r in values if r not in pts]
    if missing:
        out.append(f'<text x="{pad}" y="{height - 12}" class="map-note">no coordinates: '
                   f'{esc(", ".join(missing))}</text>')
    # legend
    lx, ly, lh = width - legend_w + 20, pad + 40, 260
    steps = 20
    out.append('<g class="legend">')
    for i in range(steps):
        v = vmax * (1 - 2 * i / (steps - 1))
        out.append(f'<rect x="{lx}" y="{ly + i * lh / steps:.1f}" width="22" '
                   f'height="{lh / steps + 0.5:.1f}" fill="{colour(v, vmax)}"/>')
    out.append(f'<rect x="{lx}" y="{ly}" width="22" height="{lh}" fill="none" stroke="#333"/>')
    for v, yy in ((vmax, ly), (0.0, ly + lh / 2), (-vmax, ly + lh)):
        out.append(f'<text x="{lx + 28}" y="{yy + 4:.1f}" class="legend-label">'
                   f'{esc(text(centre + v))}</text>')
    out.append(f'<text x="{lx}" y="{ly - 10}" class="legend-label">{esc(legend)}</text>')
    out.append(f'<rect x="{lx}" y="{ly + lh + 16}" width="22" height="12" fill="#cccccc" '
               f'stroke="#333"/><text x="{lx + 28}" y="{ly + lh + 26}" '
               f'class="legend-label">no data</text></g></svg>')
    return "\n".join(out)
