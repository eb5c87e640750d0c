"""The grid of per-region panels that the plotting scripts share."""


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
