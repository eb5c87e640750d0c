#!/usr/bin/python3
"""Whether two grainsim HDF5 files hold the same datasets, bit for bit.

usage: same_sweep.py A.h5 B.h5

Exits 0 when both files have the same set of datasets (by path) and each dataset has the same
shape, dtype and bytes; NaN equals NaN when the bytes are equal. Attributes (command line, code
version, dates) are not compared. Otherwise prints the first difference and exits 1; exits 2 on
bad usage. Two files without any dataset also fail (nothing was compared).
Used to check that a sharded (Slurm, MPI) sweep merges to the unsharded sweep's file.
"""
import sys

import h5py
import numpy as np


def datasets(f):
    found = {}
    f.visititems(lambda name, obj: found.__setitem__(name, obj)
                 if isinstance(obj, h5py.Dataset) else None)
    return found


def values(d):
    """The dataset's contents as something whose equality means equal bytes."""
    if d.shape is None:  # an HDF5 null dataspace holds nothing
        return None
    data = d[()]
    if h5py.check_vlen_dtype(d.dtype) is not None or d.dtype.kind == "O":
        # Variable-length data (strings): compare the elements, not the heap pointers.
        return np.asarray(data, dtype=object)
    return np.ascontiguousarray(data)


def first_difference(name, a, b):
    """A sentence about the first difference between datasets a and b, or None."""
    if a.shape != b.shape:
        return f"{name}: shape {a.shape} != {b.shape}"
    if a.dtype != b.dtype:
        return f"{name}: dtype {a.dtype} != {b.dtype}"
    va, vb = values(a), values(b)
    if va is None:
        return None
    if va.dtype == object:
        flat_a, flat_b = va.reshape(-1), vb.reshape(-1)
        for i, (x, y) in enumerate(zip(flat_a, flat_b)):
            if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
                same = np.asarray(x).tobytes() == np.asarray(y).tobytes()
            else:
                same = x == y
            if not same:
                where = [int(j) for j in np.unravel_index(i, va.shape)]
                return f"{name}{where}: {x!r} != {y!r}"
        return None
    if va.tobytes() == vb.tobytes():
        return None
    bytes_a = va.reshape(-1).view(np.uint8).reshape(-1, va.dtype.itemsize)
    bytes_b = vb.reshape(-1).view(np.uint8).reshape(-1, vb.dtype.itemsize)
    i = int(np.flatnonzero((bytes_a != bytes_b).any(axis=1))[0])
    where = [int(j) for j in np.unravel_index(i, va.shape)]
    x, y = va.reshape(-1)[i], vb.reshape(-1)[i]
    if repr(x) == repr(y):  # e.g. two NaNs with different payloads
        x, y = f"0x{bytes_a[i].tobytes().hex()}", f"0x{bytes_b[i].tobytes().hex()}"
    count = int((bytes_a != bytes_b).any(axis=1).sum())
    at = str(where) if va.shape else ""
    return f"{name}{at}: {x} != {y} ({count} of {va.size} elements differ)"


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    with h5py.File(argv[1], "r") as fa, h5py.File(argv[2], "r") as fb:
        da, db = datasets(fa), datasets(fb)
        only_a, only_b = sorted(da.keys() - db.keys()), sorted(db.keys() - da.keys())
        if only_a or only_b:
            print(f"different datasets: only in {argv[1]}: {only_a}; only in {argv[2]}: {only_b}")
            return 1
        if not da:
            print(f"no datasets in {argv[1]} nor {argv[2]}")
            return 1
        for name in sorted(da):
            difference = first_difference(name, da[name], db[name])
            if difference:
                print(f"{argv[1]} and {argv[2]} differ: {difference}")
                return 1
        print(f"same datasets: {len(da)} datasets, bit for bit")
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
