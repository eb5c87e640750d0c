"""The sections of a sweep or sensitivity report (analysis/report.py): the design, output
spreads, scatter plots, fan chart and map of a sweep; the Sobol indices and bar charts of a
sensitivity file."""
import argparse
import textwrap

import numpy as np
import pandas as pd

import tornado  # its parameter labels and bar charts
from report_page import (
    EPOCH, MAP_COMMODITY, attr, coordinates, date_text, esc, img, num_cell, param_cell, png_of,
    provenance_section, pyplot, regions, shown, sig, strings, th_row
)
from report_map import map_svg


FEW_REGIONS = 4  # regions in the sweep's scatter and fan charts (the tables have every region)
SWEEP_QUANTILES = (0.05, 0.5, 0.95)


def sweep_outputs(ds):
    """The scalar outputs: numeric variables over run but not time."""
    return [str(n) for n, da in ds.data_vars.items() if "run" in da.dims and "time" not in da.dims
            and n not in ("run_point", "run_replicate") and da.dtype.kind in "fiu"]


def sweep_trajectories(ds):
    return [str(n) for n, da in ds.data_vars.items() if "run" in da.dims and "time" in da.dims
            and da.dtype.kind in "fiu"]


def sweep_parameters(ds):
    """[(key, scale, range, units)] of the swept parameters."""
    keys = [str(p) for p in ds["parameter"].values]

    def column(name, default):
        return strings(ds[name]) if name in ds.variables else [default] * len(keys)
    return list(zip(keys, column("parameter_scale", "linear"), column("parameter_range", ""),
                    column("parameter_units", "")))


def run_design(ds):
    """The design's values at each run (run × parameter), or None without run_point."""
    if "run_point" not in ds.variables or "design" not in ds.variables:
        return None
    return ds["design"].sel(point=ds["run_point"].values).values


def cells(da, skip):
    """[(labels dict, values over `skip`)] for each combination of da's other dimensions."""
    rest = [d for d in da.dims if d != skip]
    values = da.transpose(skip, *rest).values.reshape(da.sizes[skip], -1)
    labels = [[str(v) for v in da[d].values] if d in da.coords else
              [str(i) for i in range(da.sizes[d])] for d in rest]
    out = []
    for j, combo in enumerate(np.ndindex(*[len(x) for x in labels])):
        out.append(({d: labels[i][c] for i, (d, c) in enumerate(zip(rest, combo))},
                    values[:, j]))
    return out


def pick_commodity(da):
    """A scalar output reduced to one commodity (flour where it has values) for the charts."""
    if "commodity" not in da.dims:
        return da, ""
    names = [str(c) for c in da["commodity"].values]
    for c in [MAP_COMMODITY] + names:
        if c in names and np.isfinite(da.sel(commodity=c).values).any():
            return da.sel(commodity=c), c
    return da.sel(commodity=names[0]), names[0]


def design_section(ds):
    params = sweep_parameters(ds)
    values = ds["design"].values if "design" in ds.variables else None
    points = ds.sizes.get("point", 0)
    reps = ds.sizes.get("replicate", int(attr(ds, "replicates", 1) or 1))
    failed = int(np.nansum(ds["point_failed"].values)) if "point_failed" in ds.variables else 0
    out = ['<section id="design"><h2>Design</h2>',
           f'<p class="note" data-points="{points}" data-replicates="{reps}">'
           f'{esc(attr(ds, "design", "?"))} design over {len(params)} parameters: {points} points '
           f'× {reps} replicates = {ds.sizes.get("run", points * reps)} runs'
           f'{f"; {failed} points failed (NaN outputs)" if failed else ""}.</p>',
           th_row(["parameter", "scale", "range given", "units", "lowest in design",
                   "highest in design"], "design")]
    for i, (key, scale, given, units) in enumerate(params):
        col = values[:, i] if values is not None else np.array([np.nan])
        lo, hi = (np.nanmin(col), np.nanmax(col)) if np.isfinite(col).any() else (np.nan, np.nan)
        show = date_text if scale == "date" else sig
        out.append(f'<tr data-parameter="{esc(key)}">{param_cell(key)}<td>{esc(scale)}</td>'
                   f"<td><code>{esc(given)}</code></td><td>{esc(units)}</td>"
                   f"{num_cell(lo, show(lo))}{num_cell(hi, show(hi))}</tr>")
    out.append("</table>")
    out.append("<h3>Outputs</h3>" + th_row(["dataset", "term", "dimensions", "units",
                                              "meaning"], "outputs"))
    for name in sweep_outputs(ds) + sweep_trajectories(ds):
        da = ds[name]
        out.append(f"<tr><td><code>{esc(name)}</code></td>"
                   f"<td><code>{esc(da.attrs.get('output', ''))}</code></td>"
                   f"<td>{esc(' × '.join(da.dims))}</td><td>{esc(da.attrs.get('units', ''))}</td>"
                   f"<td>{esc(da.attrs.get('long_name', ''))}</td></tr>")
    out.append("</table></section>")
    return "\n".join(out)


def summary_section(ds):
    out = ['<section id="summary"><h2>Outputs across runs</h2>',
           '<p class="note">Each scalar output over every run of the design (points × '
           'replicates): mean, sample standard deviation and 5, 50 and 95 % quantiles (linear '
           'interpolation); shares in %. Cells with no value in any run (e.g. the wheat price, '
           'never sold at retail) are left out.</p>']
    for name in sweep_outputs(ds):
        da = ds[name]
        scale, units = shown(da.attrs.get("units", ""))
        rest = [d for d in da.dims if d != "run"]
        out.append(f"<h3><code>{esc(da.attrs.get('output', name))}</code> "
                   f"({esc(units)})</h3>")
        out.append(th_row(rest + ["runs", "mean", "sd", "5 %", "50 %", "95 %"], "summary"))
        left_out = 0
        for labels, v in cells(da, "run"):
            v = v[np.isfinite(v)]
            if not len(v):
                left_out += 1
                continue
            q = np.quantile(v, SWEEP_QUANTILES)
            sd = float(np.std(v, ddof=1)) if len(v) > 1 else float("nan")
            stats = [("mean", float(np.mean(v))), ("sd", sd), ("q05", q[0]), ("q50", q[1]),
                     ("q95", q[2])]
            attrs = "".join(f' data-{d}="{esc(x)}"' for d, x in labels.items())
            out.append(f'<tr data-output="{esc(name)}"{attrs}>'
                       + "".join(f"<td>{esc(x)}</td>" for x in labels.values())
                       + f"<td class=\"num\">{len(v)}</td>"
                       + "".join(num_cell(x, sig(x * scale), f"num {s}") for s, x in stats)
                       + "</tr>")
        out.append("</table>")
        if left_out:
            out.append(f'<p class="note">{left_out} cells without values left out.</p>')
    out.append("</section>")
    return "\n".join(out)


def scatter_png(ds):
    """Each output (flour for prices) against each parameter, one colour per region."""
    plt = pyplot()
    import matplotlib.dates as mdates
    import matplotlib.ticker as mticker
    design = run_design(ds)
    params = sweep_parameters(ds)
    rows = []
    for name in sweep_outputs(ds):
        da, commodity = pick_commodity(ds[name])
        if all(d in ("run", "region") for d in da.dims):
            rows.append((name, da, commodity))
    if design is None or not rows or not params:
        return None
    names = regions(ds)[:FEW_REGIONS] if "region" in ds.dims else []
    height = 2.6 * len(rows) + 0.6  # inches: the panels, then the title and the legend
    fig, axes = plt.subplots(len(rows), len(params), squeeze=False,
                             figsize=(max(7.0, 3.3 * len(params)), height))
    for i, (name, da, commodity) in enumerate(rows):
        scale, units = shown(da.attrs.get("units", ""))
        for j, (key, kind, _, _) in enumerate(params):
            ax = axes[i][j]
            x = design[:, j]
            if kind == "date":
                x = EPOCH + np.round(x).astype("timedelta64[D]")
            series = [(r, da.sel(region=r).values) for r in names] if "region" in da.dims \
                else [("", da.values)]
            for n, (r, y) in enumerate(series):
                if np.isfinite(y).any():
                    ax.scatter(x, (y - np.nanmedian(y)) * scale, s=9, alpha=0.7,
                               color=f"C{n}" if r else "0.2", label=r or None)
            ax.axhline(0, color="0.5", lw=0.6)
            if kind == "log":
                ax.set_xscale("log")
                ax.xaxis.set_major_locator(mticker.LogLocator(subs=(1, 2, 3, 5)))
                ax.xaxis.set_major_formatter(mticker.FormatStrFormatter("%g"))
                ax.xaxis.set_minor_formatter(mticker.NullFormatter())
            if kind == "date":
                ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=5))
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
            ax.tick_params(labelsize=7)
            ax.tick_params(axis="x", labelrotation=30)
            if i == len(rows) - 1:
                ax.set_xlabel(tornado.readable(key), fontsize=8)
            if j == 0:
                what = da.attrs.get("output", name) + (f", {commodity}" if commodity else "")
                diff = "percentage points" if units == "%" else units
                ax.set_ylabel(textwrap.fill(f"{what} minus median ({diff})", 34), fontsize=7)
    legend = {}  # a national output's row has no region to name
    for ax in axes.ravel():
        for h, label in zip(*ax.get_legend_handles_labels()):
            legend.setdefault(label, h)
    if legend:
        fig.legend(list(legend.values()), list(legend), loc="upper center", fontsize=8,
                   frameon=False, ncol=len(legend), bbox_to_anchor=(0.5, 1 - 0.35 / height))
    fig.suptitle("Outputs against the swept parameters (one point per run)", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.6 / height))
    return png_of(fig)


def scatter_section(ds):
    png = scatter_png(ds)
    if png is None:
        return None
    return ('<section id="scatter"><h2>Outputs against parameters</h2>'
            f'<p class="note">Rows: the scalar outputs (prices: {MAP_COMMODITY}); columns: the '
            f'swept parameters; one point per run in each of the first {FEW_REGIONS} regions '
            "(the file's order), as its difference from the region's median across runs, so "
            "that regions at different levels share a panel. The table above has the levels of "
            "every region.</p>"
            + img(png, "outputs against the swept parameters") + "</section>")


def fan_section(ds):
    """Quantiles across runs of a trajectory (the flour price if the sweep kept prices)."""
    names = sweep_trajectories(ds)
    if not names:
        return None
    name = "price_trajectory" if "price_trajectory" in names else names[0]
    da, commodity = pick_commodity(ds[name])
    extra = [d for d in da.dims if d not in ("time", "run", "region")]
    if extra:
        da = da.isel({d: 0 for d in extra})
    plt = pyplot()
    few = regions(ds)[:FEW_REGIONS] if "region" in da.dims else [None]
    scale, units = shown(da.attrs.get("units", ""))
    fig, axes = plt.subplots(1, len(few), squeeze=False, sharey=True,
                             figsize=(3.3 * len(few), 2.8))
    time = pd.DatetimeIndex(ds["time"].values)
    for ax, r in zip(axes[0], few):
        v = (da.sel(region=r) if r else da).transpose("time", "run").values * scale
        ok = np.isfinite(v).any(axis=1)
        q = np.full((5, len(time)), np.nan)
        q[:, ok] = np.nanquantile(v[ok], [0.05, 0.25, 0.5, 0.75, 0.95], axis=1)
        ax.fill_between(time, q[0], q[4], color="C0", alpha=0.18, lw=0, label="5–95 %")
        ax.fill_between(time, q[1], q[3], color="C0", alpha=0.35, lw=0, label="25–75 %")
        ax.plot(time, q[2], color="C0", lw=1.4, label="median")
        ax.set_title(r or "national", fontsize=9)
        ax.tick_params(labelsize=7)
        ax.tick_params(axis="x", labelrotation=30)
    axes[0][0].legend(fontsize=7, frameon=False)
    what = da.attrs.get("output", name) + (f", {commodity}" if commodity else "")
    fig.suptitle(f"{what} ({units}) across the runs of the design", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.93))
    return ('<section id="fan"><h2>Trajectories across runs</h2>'
            f'<p class="note">Median and 25–75 % and 5–95 % bands across all runs of '
            f'<code>{esc(name)}</code> on each day, for the first {FEW_REGIONS} regions: the '
            "spread mixes the swept parameters and the replicates' randomness.</p>"
            + img(png_of(fig), f"{what} across runs") + "</section>")


def sweep_map_section(ds):
    """The median across runs of the first regional output, on the tile map."""
    for name in sweep_outputs(ds):
        da, commodity = pick_commodity(ds[name])
        if set(da.dims) != {"run", "region"} or not np.isfinite(da.values).any():
            continue
        scale, units = shown(da.attrs.get("units", ""))
        values = {r: float(np.nanmedian(da.sel(region=r).values))
                  if np.isfinite(da.sel(region=r).values).any() else float("nan")
                  for r in regions(ds)}
        finite = [v for v in values.values() if np.isfinite(v)]
        what = da.attrs.get("output", name) + (f", {commodity}" if commodity else "")
        title = f"{what}: median across runs ({units})"
        return ('<section id="map"><h2>Map</h2>'
                '<p class="note">Each province is a square at its capital\'s latitude and '
                'longitude (not a boundary map); colour: red above, blue below the median over '
                'regions.</p>'
                + map_svg(values, coordinates(ds), title, text=lambda v: sig(v * scale),
                          centre=float(np.median(finite)), legend=f"median ({units})")
                + "</section>")
    return None


def sweep_sections(ds, k, path):
    return [("scenario", "Scenario", provenance_section(ds, k, path, None)),
            ("design", "Design", design_section(ds)),
            ("summary", "Outputs across runs", summary_section(ds)),
            ("scatter", "Scatter plots", scatter_section(ds)),
            ("fan", "Trajectories", fan_section(ds)),
            ("map", "Map", sweep_map_section(ds))]


def summary_rows(ds, output, keys, commodity):
    """Per parameter, ranked by median ST: medians of S1 and ST over regions, ST's range and
    the regions where the parameter has the largest ST."""
    def over_regions(suffix):
        da = ds[output + suffix]
        if commodity is not None:
            da = da.sel(commodity=commodity)
        return da.transpose("parameter", ...).values.reshape(len(keys), -1)
    s1, st = over_regions("_S1"), over_regions("_ST")
    cols = np.isfinite(st).any(axis=0)  # cells with variance
    s1, st = s1[:, cols], st[:, cols]
    first = np.bincount(np.argmax(np.nan_to_num(st, nan=-np.inf), axis=0), minlength=len(keys))
    med_s1, med_st = np.nanmedian(s1, axis=1), np.nanmedian(st, axis=1)
    out = []
    for i in np.argsort(-np.nan_to_num(med_st, nan=-np.inf), kind="stable"):
        out.append(f'<tr data-output="{esc(output)}" data-commodity="{esc(commodity or "")}" '
                   f'data-parameter="{esc(keys[i])}">{param_cell(keys[i])}'
                   + num_cell(med_s1[i], f"{med_s1[i]:.3f}", "num s1-median")
                   + num_cell(med_st[i], f"{med_st[i]:.3f}", "num st-median")
                   + f'<td class="num">{sig(np.nanmin(st[i]), 2)} – {sig(np.nanmax(st[i]), 2)}'
                   f'</td><td class="num">{first[i]} of {st.shape[1]}</td></tr>')
    return out


def indices_section(ds):
    conf = float(attr(ds, "confidence", 0.95) or 0.95)
    keys = [str(p) for p in ds["parameter"].values]
    out = ['<section id="indices"><h2>Sobol indices</h2>',
           f'<p class="note">First-order (S1) and total (ST) Sobol indices: the share of the '
           f"output's variance over the design due to each parameter alone, and with its "
           f"interactions, with {conf:.0%} bootstrap intervals. The first table summarises the "
           f"regions (parameters ranked by the median ST); every cell is in the table below it, "
           f"parameters ranked by ST. Cells without variance (e.g. the wheat price, never sold "
           f"at retail) have no indices and are left out.</p>"]
    for output in tornado.outputs_in(ds):
        st = ds[output + "_ST"]
        term = st.attrs.get("long_name", output).split(" of ", 1)[-1]
        rest = [d for d in st.dims if d != "parameter"]
        out.append(f"<h3><code>{esc(term)}</code></h3>")
        if "region" in rest and set(rest) <= {"region", "commodity"}:
            commodities = [None]
            if "commodity" in rest:
                commodities = [str(c) for c in ds["commodity"].values
                               if np.isfinite(st.sel(commodity=c).values).any()]
            for c in commodities:
                out.append(th_row(["parameter", "median S1", "median ST", "ST lowest – highest",
                                   "largest ST in regions"], "indices-summary"))
                if c is not None:
                    out[-1] = f'<p class="note">{esc(c)}:</p>' + out[-1]
                out += summary_rows(ds, output, keys, c) + ["</table>"]
        fields = {s: cells(ds[output + s], "parameter")
                  for s in ("_S1", "_S1_low", "_S1_high", "_ST", "_ST_low", "_ST_high")}
        rows = []
        for c, (labels, st_v) in enumerate(fields["_ST"]):
            if not np.isfinite(st_v).any():
                continue
            v = {s: f[c][1] for s, f in fields.items()}
            attrs = "".join(f' data-{d}="{esc(x)}"' for d, x in labels.items())
            for i in np.argsort(-np.nan_to_num(st_v, nan=-np.inf), kind="stable"):
                def interval(s):
                    return f"[{sig(v[s + '_low'][i], 2)}, {sig(v[s + '_high'][i], 2)}]"
                rows.append(f'<tr data-output="{esc(output)}"{attrs} '
                            f'data-parameter="{esc(keys[i])}">'
                            + "".join(f"<td>{esc(x)}</td>" for x in labels.values())
                            + f'<td title="{esc(keys[i])}">{esc(tornado.readable(keys[i]))}</td>'
                            + num_cell(v["_S1"][i], f"{v['_S1'][i]:.3f}", "num s1")
                            + f'<td class="num">{esc(interval("_S1"))}</td>'
                            + num_cell(v["_ST"][i], f"{v['_ST'][i]:.3f}", "num st")
                            + f'<td class="num">{esc(interval("_ST"))}</td></tr>')
        out.append(f"<details><summary>Every cell ({len(rows)} rows)</summary>"
                   + th_row(rest + ["parameter", "S1", "S1 interval", "ST", "ST interval"],
                            "indices") + "\n".join(rows) + "</table></details>")
    out.append("</section>")
    return "\n".join(out)


def tornado_section(ds, path):
    """tornado.py's bar charts, one per output (prices: flour), every region."""
    figures = []
    for output in tornado.outputs_in(ds):
        _, commodity = pick_commodity(ds[output + "_ST"]) if "commodity" in \
            ds[output + "_ST"].dims else (None, MAP_COMMODITY)
        args = argparse.Namespace(file=path, output=output, commodity=commodity, region=None)
        try:
            fig, _ = tornado.draw(ds, args)
        except tornado.BadInput:  # e.g. an output over tiers: its table is enough
            continue
        figures.append(img(png_of(fig, dpi=70), f"Sobol indices of {output}"))
    if not figures:
        return None
    return ('<section id="tornado"><h2>Bar charts</h2><p class="note">Per region, a bar per '
            'parameter ranked by its total index ST (red) beside its first-order index S1 '
            '(blue), whiskers the bootstrap intervals.</p>' + "\n".join(figures) + "</section>")


def sensitivity_sections(ds, k, path):
    return [("scenario", "Scenario", provenance_section(ds, k, path, None)),
            ("indices", "Indices", indices_section(ds)),
            ("tornado", "Bar charts", tornado_section(ds, path))]
