"""The sections of a backtest or calibration report (analysis/report.py): forecast scores
against the naive methods by period and horizon; the fitted parameters, posterior and residuals
of a fit."""

import numpy as np
import pandas as pd

import tornado  # its parameter labels and bar charts
from report_page import (
    attr, date_text, esc, fmt, img, num_cell, param_cell, png_of, provenance_section, pyplot,
    sig, strings, th_row
)


BACKTEST_METHODS = {"model_conditional": "model, conditional",
                    "model_unconditional": "model, unconditional",
                    "last_kpw": "last KPW price",
                    "last_usd_conditional": "last USD price × FX (observed FX)",
                    "last_usd_unconditional": "last USD price × FX (FX projected)",
                    "seasonal_naive": "seasonal naive"}


STAGES = {0: "global search (CRS2-LM)", 1: "local search (BOBYQA)", 2: "posterior curvature"}


def backtest_frame(ds):
    """One row per forecast and method: period, horizon, error, ape, crps, in50, in90."""
    methods = strings(ds["method"])
    modes = strings(ds["mode"]) if "mode" in ds.variables else []
    obs = ds["observed"].values
    frames = []
    for m in methods:
        # sel({"method": m}), not sel(method=m): `method` is a keyword of sel itself.
        median = ds["forecast_median"].sel({"method": m}).values
        f = pd.DataFrame({"method": m, "test": ds["test"].values == 1,
                          "horizon": ds["horizon_weeks"].values,
                          "error": (median - obs) / obs,
                          "ape": ds["ape"].sel({"method": m}).values,
                          "crps": ds["crps"].sel({"method": m}).values})
        mode = m[len("model_"):] if m.startswith("model_") else None
        if mode in modes and all(q in ds.variables for q in ("q05", "q25", "q75", "q95")):
            def q(name):
                return ds[name].sel(mode=mode).values
            f["in50"] = ((q("q25") <= obs) & (obs <= q("q75"))).astype(float)
            f["in90"] = ((q("q05") <= obs) & (obs <= q("q95"))).astype(float)
        else:
            f["in50"] = f["in90"] = np.nan
        frames.append(f[np.isfinite(f["ape"])])
    return pd.concat(frames, ignore_index=True), methods


def method_name(m):
    return BACKTEST_METHODS.get(m, m.replace("_", " "))


def score_table(t, methods, cls):
    head = ["method", "n", "MAPE %", "median APE %", "bias %", "50 % band cover %",
            "90 % band cover %", "CRPS %"]
    out = [th_row(head, f"scores {cls}")]
    for m in methods:
        g = t[t["method"] == m]
        vals = [("mape", g["ape"].mean()), ("mdape", g["ape"].median()),
                ("bias", g["error"].mean()), ("cover50", g["in50"].mean()),
                ("cover90", g["in90"].mean()), ("crps", g["crps"].mean())]
        out.append(f'<tr data-method="{esc(m)}"><td>{esc(method_name(m))}</td>'
                   f'<td class="num">{len(g)}</td>'
                   + "".join(num_cell(100 * float(x), fmt(100 * float(x), 1), f"num {s}")
                             for s, x in vals) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def horizon_table(t, methods):
    horizons = sorted(t["horizon"].unique())
    head = ["method"] + [f"{h:g} wk {what}" for what in ("MAPE %", "CRPS %", "90 % cover %")
                         for h in horizons]
    out = [th_row(head, "horizons")]
    for m in methods:
        g = t[t["method"] == m]
        cells_ = []
        for what, col in (("mape", "ape"), ("crps", "crps"), ("cover90", "in90")):
            for h in horizons:
                x = 100 * float(g[g["horizon"] == h][col].mean())
                cells_.append(num_cell(x, fmt(x, 1), f"num {what}").replace(
                    "<td ", f'<td data-horizon="{h:g}" ', 1))
        out.append(f'<tr data-method="{esc(m)}"><td>{esc(method_name(m))}</td>'
                   + "".join(cells_) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def backtest_sections(ds, k, path):
    t, methods = backtest_frame(ds)
    until = attr(ds, "train_until", "?")
    test, train = t[t["test"]], t[~t["test"]]
    out = ['<section id="scores"><h2>Scores</h2>',
           '<p class="note">Per scored observation, in % of the observed price: MAPE and '
           'median APE of the forecast median, bias (mean signed error), the share of '
           'observations inside the model\'s central 50 % and 90 % bands, and the CRPS (for '
           'point forecasts the absolute error). Naive forecasts have no bands.</p>',
           f"<h3>Test period: observations after {esc(until)} ({int((ds['test'] == 1).sum())}"
           " forecasts)</h3>",
           score_table(test, methods, "test") if len(test) else "<p>none</p>",
           f"<h3>Training period: observations up to {esc(until)} "
           f"({int((ds['test'] != 1).sum())} forecasts; the parameters have seen them)</h3>",
           score_table(train, methods, "train") if len(train) else "<p>none</p>"]
    shown_t = test if len(test) else train
    which = "test" if len(test) else "training"
    out += [f"<h3>By horizon ({which} period; leads up to each horizon)</h3>",
            horizon_table(shown_t, methods)]
    if "model_error_sd" in ds.variables:
        hs = strings(ds["horizon"])
        sd = ds["model_error_sd"].values
        out.append("<h3>Model-error scale (sd of log price, fitted on the training period)</h3>"
                   + th_row(["horizon"] + hs, "model-error")
                   + "<tr><th>sd</th>" + "".join(num_cell(x, fmt(x, 3)) for x in sd)
                   + "</tr></table>")
    out.append("</section>")

    plt = pyplot()
    horizons = sorted(shown_t["horizon"].unique())
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    for n, m in enumerate(methods):
        g = shown_t[shown_t["method"] == m].groupby("horizon")
        style = dict(color=f"C{n}", marker="o", lw=2 if m.startswith("model") else 1,
                     ls="-" if m.startswith("model") else "--", label=method_name(m))
        axes[0].plot(horizons, [100 * g["ape"].mean().get(h, np.nan) for h in horizons], **style)
        axes[1].plot(horizons, [100 * g["crps"].mean().get(h, np.nan) for h in horizons],
                     **style)
        if m.startswith("model"):
            axes[2].plot(horizons, [100 * g["in90"].mean().get(h, np.nan) for h in horizons],
                         **style)
    axes[2].axhline(90, color="0.4", lw=0.8, ls=":", label="nominal 90 %")
    for ax, title in zip(axes, ("MAPE %", "CRPS %", "model 90 % band cover %")):
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("horizon (weeks)", fontsize=8)
        ax.set_xticks(horizons)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7, frameon=False)
    axes[2].legend(fontsize=7, frameon=False)
    fig.suptitle(f"Skill by horizon ({which} period)", fontsize=11)
    fig.tight_layout()
    chart = ('<section id="skill"><h2>Skill by horizon</h2>'
             + img(png_of(fig), "skill by horizon") + "</section>")
    return [("scenario", "Scenario", provenance_section(ds, k, path, None)),
            ("scores", "Scores", "\n".join(out)), ("skill", "Skill by horizon", chart)]


def calibration_sections(ds, k, path):
    keys = [str(p) for p in ds["parameter"].values] if "parameter" in ds.dims else []
    ranges = strings(ds["parameter_range"]) if keys else []
    units = strings(ds["parameter_units"]) if keys and "parameter_units" in ds else [""] * len(keys)
    best = ds["best_value"].values if keys else []
    sd = ds["posterior_sd"].values if keys and "posterior_sd" in ds else [np.nan] * len(keys)
    out = ['<section id="fit"><h2>Fitted parameters</h2>',
           '<p class="note">Best values of the weighted mean squared log price error, with the '
           'approximate posterior (Laplace: a normal at the best fit) as sd and best ± 1.96 sd '
           '(not cut to the range searched). '
           'Dates are shown as dates, their sd in days.</p>']
    if keys:
        out.append(th_row(["parameter", "range searched (prior)", "units", "best", "posterior sd",
                           "≈ 95 % interval"], "parameters"))
        for i, key in enumerate(keys):
            is_date = ranges[i].startswith("date_")
            show = date_text if is_date else sig
            lo, hi = best[i] - 1.96 * sd[i], best[i] + 1.96 * sd[i]
            out.append(f'<tr data-parameter="{esc(key)}">{param_cell(key)}'
                       f"<td><code>{esc(ranges[i])}</code></td><td>{esc(units[i])}</td>"
                       + num_cell(best[i], show(best[i]), "num best")
                       + num_cell(sd[i], sig(sd[i], 3), "num sd")
                       + f'<td class="num">{esc(show(lo))} – {esc(show(hi))}</td></tr>')
        out.append("</table>")
        if len(keys) > 1 and "posterior_covariance_unit" in ds:
            cov = ds["posterior_covariance_unit"].values
            d = np.sqrt(np.diag(cov))
            corr = cov / np.outer(d, d)
            out.append("<h3>Posterior correlations</h3>"
                       + th_row([""] + [tornado.readable(x) for x in keys], "correlations"))
            for i, key in enumerate(keys):
                out.append(f"<tr><th>{esc(tornado.readable(key))}</th>"
                           + "".join(num_cell(x, f"{x:+.2f}") for x in corr[i]) + "</tr>")
            out.append("</table>")
    else:
        out.append("<p>No parameter fitted: the scenario was scored as it is.</p>")
    out.append("</section>")

    obs = pd.DataFrame({"city": strings(ds["city"]), "commodity": strings(ds["commodity"]),
                        "residual": ds["log_residual"].values,
                        "observed": ds["observed_price"].values,
                        "fitted": ds["fitted_price"].values,
                        "weight": ds["weight"].values,
                        "date": pd.DatetimeIndex(ds["observation_date"].values)})
    obs["ape"] = (obs["fitted"] / obs["observed"] - 1).abs()
    res = ['<section id="residuals"><h2>Fit to the observed prices</h2>',
           f'<p class="note">{len(obs)} observations from {esc(attr(ds, "train_from", "?"))} to '
           f'{esc(attr(ds, "train_until", "?"))}; log residual = log(fitted / observed), '
           f'unweighted here (the fit weighs grades {esc(attr(ds, "grade_weights", ""))}). '
           f'Loss {sig(float(attr(ds, "loss", np.nan)))}, RMS log error '
           f'{sig(float(attr(ds, "rms_log_error", np.nan)), 3)}, MAPE '
           f'{fmt(100 * float(attr(ds, "mape", np.nan)), 1)} %.</p>',
           th_row(["city", "commodity", "n", "mean log residual", "RMS log residual",
                   "MAPE %"], "residuals")]
    for (city, commodity), g in obs.groupby(["city", "commodity"], sort=True):
        r = g["residual"][np.isfinite(g["residual"])]
        rms = float(np.sqrt(np.mean(r ** 2))) if len(r) else float("nan")
        res.append(f'<tr data-city="{esc(city)}" data-commodity="{esc(commodity)}">'
                   f"<td>{esc(city)}</td><td>{esc(commodity)}</td>"
                   f'<td class="num">{len(g)}</td>'
                   + num_cell(float(r.mean()) if len(r) else np.nan,
                              fmt(float(r.mean()) if len(r) else np.nan, 3), "num bias")
                   + num_cell(rms, fmt(rms, 3), "num rms")
                   + num_cell(100 * float(g["ape"].mean()), fmt(100 * float(g["ape"].mean()), 1),
                              "num mape") + "</tr>")
    res.append("</table>")

    plt = pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for n, (commodity, g) in enumerate(obs.groupby("commodity", sort=True)):
        axes[0].scatter(g["observed"], g["fitted"], s=12, color=f"C{n}", label=commodity)
        axes[1].scatter(g["date"], g["residual"], s=12, color=f"C{n}", label=commodity)
    finite = obs[["observed", "fitted"]].values
    finite = finite[np.isfinite(finite) & (finite > 0)]
    if len(finite):
        lims = [finite.min() * 0.9, finite.max() * 1.1]
        axes[0].plot(lims, lims, color="0.4", lw=0.8, ls=":")
        axes[0].set_xscale("log")
        axes[0].set_yscale("log")
    axes[0].set(xlabel="observed (KPW/kg)", ylabel="fitted (KPW/kg)")
    axes[0].set_title("fitted against observed", fontsize=10)
    axes[1].axhline(0, color="0.4", lw=0.8)
    axes[1].set_title("log residual over time", fontsize=10)
    axes[1].tick_params(axis="x", labelrotation=30)
    loss = ds["trace_loss"].values
    stage = ds["trace_stage"].values if "trace_stage" in ds else np.zeros(len(loss))
    ok = np.isfinite(loss) & (loss < 1e5)  # 1e6 marks a failed run
    for s, name in STAGES.items():
        m = ok & (stage == s)
        axes[2].scatter(np.arange(len(loss))[m], loss[m], s=10, color=f"C{s}", label=name)
    axes[2].set_yscale("log")
    axes[2].set(xlabel="evaluation", ylabel="loss")
    axes[2].set_title("objective by evaluation", fontsize=10)
    for ax in axes:
        ax.tick_params(labelsize=8)
        ax.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    res.append(img(png_of(fig), "fit to the observed prices") + "</section>")
    return [("scenario", "Scenario", provenance_section(ds, k, path, None)),
            ("fit", "Fitted parameters", "\n".join(out)),
            ("residuals", "Fit to the data", "\n".join(res))]
