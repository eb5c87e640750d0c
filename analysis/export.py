#!/usr/bin/python3
"""Export a grainsim HDF5 file (run, forecast, compare, sweep, sensitivity) as a plain CSV table.

    /usr/bin/python3 analysis/export.py FILE.h5 [--vars a,b,...] [--monthly]
        [--reference YYYY-MM:YYYY-MM] [--out FILE.csv] [--force]

Default: the long table, one row per stored value of every numeric variable, with columns
time, region, commodity, tier, quintile, quantile, replicate, arm, point, parameter (those the
variables use; empty where a variable lacks one), variable, value, units. --monthly writes
calendar-month means of the daily series instead (only variables with a time dimension; for a
forecast a plain name such as price means price_mean, for a compare file price_effect_mean),
with the change on the previous month, on the same month a year earlier, and, with --reference,
on the mean of the reference months (inclusive), as percentages; `days` counts the days averaged.
Writes FILE.csv next to FILE (FILE.monthly.csv with --monthly) unless --out (- for stdout); an
existing output is kept unless --force. The CSV is written to a temporary file in the same
folder and renamed, so no half-written table is left. Bad input exits with status 2 and a
one-line message; a summary line goes to stderr.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from grainsim_data import open_grainsim  # noqa: E402
from grainsim_tables import (UnknownVariable, check_reference, default_variables,  # noqa: E402
                             kind, long_table, monthly_tables, monthly_variable, time_variables)
from output_file import OutputRefused, check_output, write_whole  # noqa: E402

PROG = "export.py"


class BadInput(Exception):
    """A problem with the file or the options; reported as one line, exit status 2."""


def parse_args(argv):
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--vars", help="comma-separated variable names (default: all numeric)")
    parser.add_argument("--monthly", action="store_true", help="monthly means of daily series")
    parser.add_argument("--reference", metavar="YYYY-MM:YYYY-MM",
                        help="reference months for change_reference_pct (with --monthly)")
    parser.add_argument("--out", help="output CSV (default FILE.csv; - for stdout)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing output")
    return parser.parse_args(argv)


def default_out(path, monthly):
    stem = path[:-3] if path.endswith(".h5") else path
    return stem + (".monthly.csv" if monthly else ".csv")


def build(ds, args):
    """The table to write."""
    path = args.file
    names = [v.strip() for v in args.vars.split(",") if v.strip()] if args.vars else None
    if args.vars is not None and not names:
        raise BadInput(f"'{path}': --vars names no variable")
    if not args.monthly:
        if args.reference:
            raise BadInput("--reference applies only with --monthly")
        try:
            return long_table(ds, names)
        except UnknownVariable as e:
            raise BadInput(f"'{path}': {e}") from None
    reference = None
    if args.reference:
        parts = args.reference.split(":")
        if len(parts) != 2:
            raise BadInput(f"--reference '{args.reference}' is not YYYY-MM:YYYY-MM")
        try:
            reference = check_reference(ds, parts)
        except ValueError as e:
            raise BadInput(f"'{path}': --reference: {e}") from None
    timed = time_variables(ds)
    if names is None:
        if not timed:
            raise BadInput(f"'{path}' ({kind(ds)} file) has no time-dependent variables; "
                           "--monthly applies only to time series (export without --monthly)")
        skipped = len(default_variables(ds)) - len(timed)
        if skipped:
            print(f"{PROG}: '{path}' ({kind(ds)} file): --monthly covers the "
                  f"{len(timed)} time-dependent variable(s); {skipped} without time left out",
                  file=sys.stderr)
        names = timed
    for n in names:
        try:
            resolved = monthly_variable(ds, n)
        except UnknownVariable as e:
            raise BadInput(f"'{path}': {e}") from None
        if resolved not in timed:
            raise BadInput(f"'{path}': variable '{resolved}' has no time dimension; --monthly "
                           f"applies only to time series (valid: {', '.join(timed) or 'none'})")
    return monthly_tables(ds, names, reference)


def write_csv(table, out, force):
    if out == "-":
        try:
            table.to_csv(sys.stdout, index=False)
            sys.stdout.flush()
        except BrokenPipeError:  # `export.py FILE --out - | head`: the reader has enough
            sys.stdout = open(os.devnull, "w")
        return "stdout"
    write_whole(out, lambda f: table.to_csv(f, index=False), force, newline="")
    return out


def main(argv):
    args = parse_args(argv[1:])
    try:
        if args.reference and not args.monthly:
            raise BadInput("--reference applies only with --monthly")
        out = args.out or default_out(args.file, args.monthly)
        if out != "-":
            check_output(out, args.force)
        if os.path.isdir(args.file):
            raise BadInput(f"'{args.file}': is a folder, not a grainsim HDF5 file")
        try:
            ds = open_grainsim(args.file)
        except Exception as e:  # not found, not HDF5, not netCDF: one line, no traceback
            raise BadInput(str(e) if str(e).startswith(f"'{args.file}'")
                           else f"'{args.file}': not a readable grainsim HDF5 file ({e})")
        with ds:
            table = build(ds, args)
            where = write_csv(table, out, args.force)
    except (BadInput, OutputRefused) as e:
        print(f"{PROG}: " + " ".join(str(e).split()), file=sys.stderr)
        return 2
    except OSError as e:
        print(f"{PROG}: " + " ".join(str(e).split()), file=sys.stderr)
        return 1
    print(f"{PROG}: wrote {len(table)} rows to {where}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
