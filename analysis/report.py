#!/usr/bin/python3
"""A self-contained HTML report of any grainsim file, to email.

Usage: report.py FILE [--baseline FILE] [--out X.html] [--force]
(behind `grainsim report`).

Every figure is embedded (maps as inline SVG, charts as base64 PNG; no scripts, no external URLs
or fonts), and the page's links list only the sections it has. Every kind starts with the
scenario and its assumptions, from the file's provenance attributes (and the kind's own settings:
design, bootstrap, origins, training period, ...). Then, by the file's grainsim_file_kind:

run, forecast, compare:
  1. a tile map of the provinces at their capitals' coordinates, coloured by the change of the
     flour price from the first to the last month (compare: policy against baseline in the last
     month; with --baseline: the file against the baseline file in their last common month);
  2. charts of the flour price per region (run: the line; forecast: median with 50 % and 90 %
     bands; compare: policy and baseline medians with their 90 % bands);
  3. the monthly table of flour, rice and maize prices by region, with changes;
  4. the aid position and the national ledger on the last day, in tonnes.
  Forecast numbers are ensemble means in the map and table (monthly means commute with means)
  and medians in the charts and the aid position; compare files show the policy arm, the
  baseline arm and the effect (policy minus baseline).
sweep: the design (each parameter's range, points × replicates) and its outputs; each scalar
  output's mean, sd and 5/50/95 % quantiles across runs per cell (shares in %); scatter plots
  of each output (prices: flour) against each parameter for a few regions; a fan chart across
  runs of the flour price trajectory, if the sweep kept one; a map of the median across runs of
  the first regional output.
sensitivity: per output, the first-order and total Sobol indices summarised over regions
  (medians, ST's range, where each parameter ranks first), every cell's indices with their
  bootstrap intervals, and tornado.py's bar charts (prices: flour).
backtest: MAPE, median APE, bias, 50 % and 90 % band coverage and CRPS of the model and the
  naive forecasts in the test and the training period, MAPE, CRPS and coverage by horizon (also
  charted), and the model-error scale.
calibration: the fitted parameters with their approximate posterior sd and correlations, the
  fit's loss, residuals by city and commodity, and a chart of fitted against observed prices,
  the residuals over time and the objective by evaluation.

--baseline applies to run, forecast and compare files only, and takes a run or forecast file.
Bad input: one line on stderr, exit 2. Default --out: FILE with .html in place of .h5; an
existing file is kept unless --force.

This file reads the options and assembles the page; its parts are in report_page.py (what every
page shares: opening, formatting, the scenario section), report_series.py and report_map.py
(run, forecast, compare), report_sweep.py (sweep, sensitivity) and report_scores.py (backtest,
calibration).
"""
import argparse
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from output_file import OutputRefused, check_output, write_whole  # noqa: E402
from report_page import (  # noqa: E402
    ReportError, STYLE, TIME_SERIES, attr, esc, open_file, provenance_section, regions
)
from report_series import chart_section, map_section, position_section, table_section  # noqa: E402
from report_sweep import sensitivity_sections, sweep_sections  # noqa: E402
from report_scores import backtest_sections, calibration_sections  # noqa: E402


OTHER_KINDS = {"sweep": sweep_sections, "sensitivity": sensitivity_sections,
               "backtest": backtest_sections, "calibration": calibration_sections}


def build(path, base_path=None):
    ds, k = open_file(path)
    base = bk = None
    if base_path and k not in TIME_SERIES:
        raise ReportError(f"--baseline applies to run, forecast and compare files; '{path}' is "
                          f"a {k} file")
    if base_path:
        base, bk = open_file(base_path, "baseline")
        if bk not in ("run", "forecast"):
            raise ReportError(f"--baseline '{base_path}' is a {bk} file; give a run or "
                              f"forecast file")
        if sorted(regions(base)) != sorted(regions(ds)):
            raise ReportError(f"--baseline '{base_path}' has regions "
                              f"{', '.join(regions(base))}, not those of '{path}'")
    title = attr(ds, "title", "grainsim") or "grainsim"
    name = attr(ds, "scenario_name") or attr(ds, "policy_scenario_name")
    heading = f"{title}: {name}" if name and name not in title else title
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if k in TIME_SERIES:
        sections = [("scenario", "Scenario", provenance_section(ds, k, path, base_path)),
                    ("map", "Map", map_section(ds, k, base, bk)),
                    ("charts", "Charts", chart_section(ds, k, base, bk)),
                    ("table", "Monthly table", table_section(ds, k, base, bk)),
                    ("aid", "Aid and ledger", position_section(ds, k, base, bk))]
    else:
        sections = OTHER_KINDS[k](ds, k, path)
    # A section a file has nothing for (a sweep without trajectories, ...) is left out.
    sections = [s for s in sections if s[2]]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(heading)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{esc(heading)}</h1><p class=\"note\">grainsim {esc(k)} report of "
            f"{esc(os.path.basename(path))}"
            + (f" against {esc(os.path.basename(base_path))}" if base_path else "")
            + f"; generated {esc(generated)}.</p><nav>"
            + "".join(f'<a href="#{sid}">{esc(label)}</a>' for sid, label, _ in sections)
            + "</nav>" + "\n".join(part for _, _, part in sections) + "</body></html>\n")


def default_out(path):
    root, ext = os.path.splitext(path)
    return (root if ext.lower() in (".h5", ".nc", ".hdf5") else path) + ".html"


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ReportError(message)


def main(argv=None):
    p = Parser(prog="grainsim report", description=__doc__.split("\n")[0])
    p.add_argument("file")
    p.add_argument("--baseline")
    p.add_argument("--out")
    p.add_argument("--force", action="store_true")
    try:
        args = p.parse_args(argv)
        out = args.out or default_out(args.file)
        check_output(out, args.force)
        page = build(args.file, args.baseline)
        write_whole(out, lambda f: f.write(page), args.force, prefix=".report-",
                    encoding="utf-8")
    except (ReportError, OutputRefused) as e:
        print(f"grainsim report: {e}", file=sys.stderr)
        return 2
    except (KeyError, ValueError, OSError) as e:  # a file without what a report needs
        print(f"grainsim report: cannot report on '{args.file}': {type(e).__name__}: {e}",
              file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
