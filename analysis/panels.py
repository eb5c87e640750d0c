"""The grid of per-region panels that the plotting scripts share."""
import matplotlib.dates as mdates
import numpy as np


def finish_grid(axes, used, cols, loc="best", fontsize=7):
    """Blanks the panels after the first `used`, gives the panel above each blank its own date
    labels, and puts the legend of the first panel in the first blank (else in the first
    panel)."""
    flat = list(axes.flat)
    spare = flat[used:]
    for ax in spare:
        ax.axis("off")
        above = flat.index(ax) - cols
        if above >= 0:
            flat[above].xaxis.set_tick_params(labelbottom=True)
    handles, labels = flat[0].get_legend_handles_labels()
    if spare:
        spare[0].legend(handles, labels, loc="center", fontsize=fontsize)
    else:
        flat[0].legend(handles, labels, loc=loc, fontsize=fontsize)


def format_dates(ax, times):
    """Month ticks (every n months so about five show), concise labels."""
    span = (times[-1] - times[0]) / np.timedelta64(1, "D") if len(times) > 1 else 0
    months = span / 30.4
    locator = (mdates.MonthLocator(interval=max(1, round(months / 5))) if months >= 2
               else mdates.AutoDateLocator())
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
