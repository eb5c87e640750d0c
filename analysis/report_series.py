"""The sections of a run, forecast or compare report (analysis/report.py): the map of the flour
price change, the price charts by region, the monthly table, the aid position and the ledger."""
import math

import numpy as np
import pandas as pd

from grainsim_tables import monthly_table
from panels import finish_grid, format_dates
from report_page import (
    MAP_COMMODITY, ReportError, coordinates, esc, fmt, fmt_pct, num_cell, pct, png_of, pyplot,
    regions
)
from report_map import map_svg


TABLE_COMMODITIES = ["flour", "rice", "maize"]
AID_VARIABLES = ["aid_arrived", "aid_in_transit", "aid_stockpile", "aid_consumed"]
LEDGER_VARIABLES = ["total_in", "total_held", "total_consumed", "total_lost"]


def arm_variable(ds, name, arm):
    """A compare file's per-arm quantiles of `name` (new layout: name_policy; old: arm dim)."""
    if f"{name}_{arm}" in ds.data_vars:
        return ds[f"{name}_{arm}"]
    da = ds[name]
    return da.sel(arm=arm) if "arm" in da.dims else da


def quantile(da, q):
    values = np.asarray(da["quantile"].values, dtype=float)
    i = int(np.argmin(np.abs(values - q)))
    if abs(values[i] - q) > 1e-6:
        return None
    return da.isel(quantile=i)


def central(ds, k, name, arm="policy"):
    """The central daily series of `name`: run as stored, forecast median, compare arm median."""
    if k == "compare":
        da = arm_variable(ds, name, arm)
    else:
        da = ds[name]
    if "quantile" in da.dims:
        med = quantile(da, 0.5)
        if med is None:
            raise ReportError(f"'{name}' has no median (0.5) quantile")
        da = med
    return da


def bands(da):
    """(q05, q25, q50, q75, q95) of a quantile variable; None where missing."""
    return [quantile(da, q) for q in (0.05, 0.25, 0.5, 0.75, 0.95)]


def last_value(da):
    v = da.isel(time=-1).values
    return float(v)


def monthly_levels(ds, k, commodities, arm="policy"):
    """Monthly mean price per month, region, commodity: run as stored, forecast ensemble mean,
    compare arm's mean. Columns month, region, commodity, value, units."""
    if k == "compare":
        t = monthly_table(ds, "price_mean")
        if "arm" in t.columns:
            t = t[t["arm"] == arm]
    else:
        t = monthly_table(ds, "price")
    t = t[t["commodity"].isin(commodities)]
    return t[["month", "region", "commodity", "value", "units"]].reset_index(drop=True)


def map_values(ds, k, base, bk):
    """({region: value in %}, title). See the module doc for which change is shown."""
    names = regions(ds)
    if base is not None:
        mine = monthly_levels(ds, k, [MAP_COMMODITY])
        theirs = monthly_levels(base, bk, [MAP_COMMODITY])
        common = set(mine["month"]) & set(theirs["month"])
        if not common:
            raise ReportError("the --baseline file has no month in common with the file")
        last = max(common)
        a = mine[mine["month"] == last].set_index("region")["value"]
        b = theirs[theirs["month"] == last].set_index("region")["value"]
        vals = {r: pct(a.get(r, np.nan), b.get(r, np.nan)) for r in names}
        return vals, (f"Flour price in {last}: this file against the baseline file "
                      f"(monthly mean, %)")
    if k == "compare":
        pol = monthly_levels(ds, k, [MAP_COMMODITY], "policy")
        bas = monthly_levels(ds, k, [MAP_COMMODITY], "baseline")
        last = pol["month"].max()
        a = pol[pol["month"] == last].set_index("region")["value"]
        b = bas[bas["month"] == last].set_index("region")["value"]
        vals = {r: pct(a.get(r, np.nan), b.get(r, np.nan)) for r in names}
        return vals, (f"Flour price in {last}: policy against baseline (ensemble means of the "
                      f"monthly mean, %)")
    t = monthly_levels(ds, k, [MAP_COMMODITY])
    first, last = t["month"].min(), t["month"].max()
    a = t[t["month"] == last].set_index("region")["value"]
    b = t[t["month"] == first].set_index("region")["value"]
    what = "ensemble mean of the monthly mean" if k == "forecast" else "monthly mean"
    return ({r: pct(a.get(r, np.nan), b.get(r, np.nan)) for r in names},
            f"Flour price change from {first} to {last} ({what}, %)")


def map_section(ds, k, base, bk):
    values, title = map_values(ds, k, base, bk)
    coords = coordinates(ds)
    return ('<section id="map"><h2>Map</h2>'
            '<p class="note">Each province is a square at its capital\'s latitude and longitude '
            '(not a boundary map); colour: blue a fall, red a rise.</p>'
            + map_svg(values, coords, title) + "</section>")


def chart_png(ds, k, base, bk):
    """One panel per region on one y axis (regions compare at a glance), as plot_prices.py."""
    names = regions(ds)
    ncol = 4
    nrow = int(math.ceil(len(names) / ncol))
    fig, axes = pyplot().subplots(nrow, ncol, figsize=(3.2 * ncol, 2.4 * nrow), sharex=True,
                                  sharey=True, squeeze=False)
    commodity = MAP_COMMODITY

    def sel(da, r):
        da = da.sel(region=r)
        return da.sel(commodity=commodity) if "commodity" in da.dims else da

    time = pd.DatetimeIndex(ds["time"].values)
    for ax, r in zip(axes.ravel(), names):
        if k == "run":
            ax.plot(time, sel(ds["price"], r).values, color="C0", lw=1.4, label="run")
        elif k == "forecast":
            q = [None if b is None else sel(b, r).values for b in bands(ds["price"])]
            if q[0] is not None and q[4] is not None:
                ax.fill_between(time, q[0], q[4], color="C0", alpha=0.18, lw=0, label="90 %")
            if q[1] is not None and q[3] is not None:
                ax.fill_between(time, q[1], q[3], color="C0", alpha=0.35, lw=0, label="50 %")
            ax.plot(time, q[2], color="C0", lw=1.4, label="median")
        else:
            for arm, c in (("baseline", "C7"), ("policy", "C0")):
                q = [None if b is None else sel(b, r).values
                     for b in bands(arm_variable(ds, "price", arm))]
                if q[0] is not None and q[4] is not None:
                    ax.fill_between(time, q[0], q[4], color=c, alpha=0.2, lw=0)
                ax.plot(time, q[2], color=c, lw=1.4, label=f"{arm} median (90 % band)")
        if base is not None and r in regions(base):
            bt = pd.DatetimeIndex(base["time"].values)
            ax.plot(bt, sel(central(base, bk, "price"), r).values, color="k", ls="--", lw=1,
                    label="baseline file")
        ax.set_title(r, fontsize=9)
        ax.tick_params(labelsize=7)
        format_dates(ax, time.values)
    finish_grid(axes, len(names), ncol, fontsize=8)
    units = str(ds["price" if "price" in ds.data_vars else "price_mean"].attrs.get("units", ""))
    fig.suptitle(f"{commodity} price ({units}) by region", fontsize=11)
    fig.tight_layout(rect=(0, 0.02, 1, 0.96))
    return png_of(fig)


def chart_section(ds, k, base, bk):
    what = {"run": "the simulated daily price",
            "forecast": "median with 50 % and 90 % bands of the ensemble",
            "compare": "policy and baseline arms: medians with 90 % bands"}[k]
    if base is not None:
        what += "; dashed: the baseline file's central path"
    png = chart_png(ds, k, base, bk)
    return (f'<section id="charts"><h2>Flour price by region</h2><p class="note">{esc(what)}.</p>'
            f'<img class="chart" alt="flour price by region" '
            f'src="data:image/png;base64,{png}"/></section>')


def table_section(ds, k, base, bk):
    commodities = [c for c in TABLE_COMMODITIES if c in [str(x) for x in ds["commodity"].values]]
    out = ['<section id="table"><h2>Monthly prices</h2>']
    if k == "compare":
        pol = monthly_levels(ds, k, commodities, "policy")
        bas = monthly_levels(ds, k, commodities, "baseline")
        t = pol.merge(bas[["month", "region", "commodity", "value"]],
                      on=["month", "region", "commodity"], suffixes=("", "_baseline"))
        units = t["units"].iloc[0] if len(t) else ""
        out.append(f'<p class="note">Monthly means of the ensemble means, {esc(units)}; '
                   f'effect = policy − baseline.</p>')
        head = ["month", "region", "commodity", "policy", "baseline", "effect", "effect %"]
    else:
        t = monthly_table(ds, "price")
        t = t[t["commodity"].isin(commodities)].reset_index(drop=True)
        first = t["month"].min() if len(t) else None
        if first is not None:
            t = monthly_table(ds, "price", reference=(first, first))
            t = t[t["commodity"].isin(commodities)].reset_index(drop=True)
        units = t["units"].iloc[0] if len(t) else ""
        mean = " ensemble means of the" if k == "forecast" else ""
        out.append(f'<p class="note">Monthly{mean} mean prices, {esc(units)}; changes against '
                   f'the previous month, the same month a year earlier and the first month '
                   f'({esc(first)}).</p>')
        head = ["month", "region", "commodity", "price", "vs prev. month", "vs prev. year",
                f"vs {first}"]
        if base is not None:
            b = monthly_levels(base, bk, commodities)
            t = t.merge(b[["month", "region", "commodity", "value"]],
                        on=["month", "region", "commodity"], how="left",
                        suffixes=("", "_baseline"))
            head += ["baseline file", "vs baseline"]
    out.append('<table class="grid monthly"><tr>' + "".join(f"<th>{esc(h)}</th>" for h in head)
               + "</tr>")
    t = t.sort_values(["commodity", "region", "month"],
                      key=lambda s: s.map({c: i for i, c in enumerate(commodities)})
                      if s.name == "commodity" else s.map({r: i for i, r in
                                                           enumerate(regions(ds))})
                      if s.name == "region" else s)
    for row in t.itertuples(index=False):
        r = row._asdict()
        cells = [f"<td>{esc(r['month'])}</td><td>{esc(r['region'])}</td>"
                 f"<td>{esc(r['commodity'])}</td>"]
        if k == "compare":
            eff = r["value"] - r["value_baseline"]
            cells += [num_cell(r["value"], cls="num price"), num_cell(r["value_baseline"]),
                      num_cell(eff), num_cell(pct(r["value"], r["value_baseline"]),
                                              fmt_pct(pct(r["value"], r["value_baseline"])))]
        else:
            cells += [num_cell(r["value"], cls="num price")]
            for c in ("change_prev_month_pct", "change_prev_year_pct", "change_reference_pct"):
                cells.append(num_cell(r[c], fmt_pct(r[c])))
            if base is not None:
                d = pct(r["value"], r["value_baseline"])
                cells += [num_cell(r["value_baseline"]), num_cell(d, fmt_pct(d))]
        out.append(f'<tr data-month="{esc(r["month"])}" data-region="{esc(r["region"])}" '
                   f'data-commodity="{esc(r["commodity"])}">' + "".join(cells) + "</tr>")
    out.append("</table></section>")
    return "\n".join(out)


def tonnes(x):
    return x / 1000.0


def position_section(ds, k, base, bk):
    out = ['<section id="aid"><h2>Aid position and ledger on the last day</h2>']
    last = pd.Timestamp(ds["time"].values[-1]).strftime("%Y-%m-%d")
    if k == "run":
        cols = ["tonnes"]
    elif k == "forecast":
        cols = ["median t", "5 % t", "95 % t"]
    else:
        cols = ["policy median t", "baseline median t", "effect median t"]
    if base is not None:
        cols += ["baseline file t"]
    out.append(f'<p class="note">{esc(last)}; kg in the file, tonnes here.</p>'
               '<table class="grid aid"><tr><th>variable</th>'
               + "".join(f"<th>{esc(c)}</th>" for c in cols) + "<th>meaning</th></tr>")
    for name in AID_VARIABLES:
        if name not in ds.data_vars and f"{name}_policy" not in ds.data_vars:
            continue
        if k == "run":
            vals = [last_value(ds[name])]
        elif k == "forecast":
            q = bands(ds[name])
            vals = [last_value(q[i]) if q[i] is not None else float("nan") for i in (2, 0, 4)]
        else:
            vals = [last_value(central(ds, k, name, "policy")),
                    last_value(central(ds, k, name, "baseline"))]
            eff = f"{name}_effect"
            vals.append(last_value(quantile(ds[eff], 0.5)) if eff in ds.data_vars
                        else vals[0] - vals[1])
        if base is not None:
            vals.append(last_value(central(base, bk, name)) if name in base.data_vars
                        else float("nan"))
        da = ds[name] if name in ds.data_vars else ds[f"{name}_policy"]
        out.append(f'<tr data-var="{name}"><th>{name}</th>'
                   + "".join(num_cell(tonnes(v), fmt(tonnes(v), 1)) for v in vals)
                   + f"<td>{esc(da.attrs.get('long_name', ''))}</td></tr>")
    out.append("</table>")
    out.append(ledger_table(ds, k, "policy" if k == "compare" else None))
    if k == "compare":
        out.append(ledger_table(ds, k, "baseline"))
    if base is not None:
        out.append(ledger_table(base, bk, None, "baseline file"))
    out.append("</section>")
    return "\n".join(out)


def ledger_series(ds, k, name, arm):
    """The ledger variable over (time, commodity): run as stored; forecast and compare means
    (the ledger of means closes exactly, medians need not)."""
    if k == "run":
        return ds[name]
    da = ds[f"{name}_mean"]
    return da.sel(arm=arm) if arm and "arm" in da.dims else da


def ledger_table(ds, k, arm, label=None):
    if any(n not in ds.data_vars and f"{n}_mean" not in ds.data_vars for n in LEDGER_VARIABLES):
        return ""
    title = label or (f"{arm} arm" if arm else "")
    how = " (ensemble means)" if k != "run" else ""
    out = [f'<h3>National ledger{esc(" – " + title if title else "")}{how}, tonnes</h3>'
           f'<table class="grid ledger" data-ledger="{esc(label or arm or "file")}"><tr>'
           "<th>commodity</th>" + "".join(f"<th>{n}</th>" for n in LEDGER_VARIABLES)
           + "<th>closing gap</th></tr>"]
    series = {n: ledger_series(ds, k, n, arm).isel(time=-1) for n in LEDGER_VARIABLES}
    commodities = [str(c) for c in ds["commodity"].values]
    sums = {n: 0.0 for n in LEDGER_VARIABLES}
    for c in commodities + ["all"]:
        if c == "all":
            v = sums
        else:
            v = {n: float(series[n].sel(commodity=c).values) for n in LEDGER_VARIABLES}
            for n in LEDGER_VARIABLES:
                sums[n] += v[n] if np.isfinite(v[n]) else 0.0
        gap = (v["total_in"] - v["total_held"] - v["total_consumed"] - v["total_lost"])
        gap_pct = 100.0 * gap / v["total_in"] if v["total_in"] else float("nan")
        out.append(f'<tr data-commodity="{esc(c)}"><th>{esc(c)}</th>'
                   + "".join(num_cell(tonnes(v[n]), fmt(tonnes(v[n]), 1)) for n in LEDGER_VARIABLES)
                   + num_cell(gap_pct, "–" if not np.isfinite(gap_pct) else f"{gap_pct:.4f} %")
                   + "</tr>")
    out.append("</table>")
    return "\n".join(out)
