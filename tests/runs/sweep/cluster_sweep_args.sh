# The small sweep the cluster tests (Slurm, MPI) run both distributed and unsharded: 16 sobol
# points of two levers that move the mid-January prices, at 1:4000, a few seconds in all.
# Sourced by tests/runs/slurm/slurm_sweep_test.sh and tests/runs/mpi/mpi_sweep_test.sh.
# shellcheck shell=bash
sweep_args=(--design sobol --samples 4 --param aid.tonnage_scale=0.5:1.5
  --param tiers.leadership.resale_propensity=0.01:0.3 --replicates 1 --outputs 'price@2027-01-15'
  --set population.agent_weight=4000 --set run.spinup_days=5 --set run.end_date=2027-01-31
  --threads 1 -q)
