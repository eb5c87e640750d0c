#!/usr/bin/env bash
# A sweep run as a Slurm array job with merge (runs/slurm/submit.sh) on a one-node Slurm brought
# up here, in a temporary folder, must give the same datasets, bit for bit, as the same sweep
# run unsharded. Needs root (slurmd), munge and Slurm (scripts/setup.sh installs them); no
# systemd, no cgroups, no accounting database. Every daemon is started here and stopped by PID.
# If Slurm does not come up the test FAILS, loudly, with the daemons' log tails.
#
# usage: slurm_sweep_test.sh GRAINSIM_BINARY SOURCE_DIR
set -euo pipefail
(($# == 2)) || { echo "usage: $0 GRAINSIM_BINARY SOURCE_DIR" >&2; exit 2; }
grainsim=$(realpath -- "$1")
source_dir=$(realpath -- "$2")
shards=4
# shellcheck source=../sweep/cluster_sweep_args.sh
source "$source_dir/tests/runs/sweep/cluster_sweep_args.sh"

# Nothing from an enclosing Slurm job (a CI runner inside one) may leak into this one.
while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(SLURM|SBATCH|SQUEUE)_' || true)

t0=$SECONDS
say() { printf '[slurm test %3ds] %s\n' $((SECONDS - t0)) "$*"; }

# A short path: munge's socket path must fit in a sockaddr_un (108 bytes).
tmp=$(mktemp -d /tmp/grainsim-slurm.XXXXXX)
chmod 755 "$tmp"  # munged wants every folder above its socket searchable by all
mkdir -m 755 "$tmp/munge" "$tmp/slurm" "$tmp/jobs"
mkdir "$tmp/slurm/state" "$tmp/slurm/spool" "$tmp/slurm/log"
export SLURM_CONF=$tmp/slurm/slurm.conf

munged_pid='' slurmctld_pid='' slurmd_pid='' array_id='' merge_id=''

logs() {
  local f
  for f in "$tmp"/munge/munged.log "$tmp"/slurm/log/* "$tmp"/jobs/slurm-*.out; do
    [[ -s $f ]] || continue
    echo "----- tail of $f"
    tail -n 25 "$f"
  done
}

fail() {
  echo
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!!! slurm_sweep_test FAILED: $*"
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  logs
  exit 1
}

stop() {  # stop PID: TERM, up to 10 s, then KILL
  local pid=$1 i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$? i
  if [[ -n $array_id && -n $slurmctld_pid ]] && kill -0 "$slurmctld_pid" 2>/dev/null; then
    scancel "$array_id" ${merge_id:+"$merge_id"} 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do
      [[ -z $(squeue -h -j "$array_id${merge_id:+,$merge_id}" 2>/dev/null) ]] && break
      sleep 0.5
    done
  fi
  stop "$slurmd_pid"
  stop "$slurmctld_pid"
  stop "$munged_pid"
  if ((status == 0)); then rm -rf "$tmp"; else echo "slurm test: files kept in $tmp"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

alive() { kill -0 "$1" 2>/dev/null; }

# ---- munge: its own key, socket, pid, log and seed files
mungekey --create --keyfile="$tmp/munge/munge.key" 2>/dev/null ||
  dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1 count=1024 status=none
chmod 600 "$tmp/munge/munge.key"
munged --foreground --force --socket="$tmp/munge/munge.sock" --key-file="$tmp/munge/munge.key" \
  --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/munged.seed" >"$tmp/munge/munged.log" 2>&1 &
munged_pid=$!
for ((i = 0; i < 100; i++)); do
  [[ -S $tmp/munge/munge.sock ]] && break
  alive "$munged_pid" || fail "Slurm could not start: munged exited at start"
  sleep 0.1
done
munge -S "$tmp/munge/munge.sock" -n | unmunge -S "$tmp/munge/munge.sock" >/dev/null ||
  fail "Slurm could not start: munged does not answer on $tmp/munge/munge.sock"

# ---- Slurm: two free TCP ports below the ephemeral range, then a minimal slurm.conf
read -r ctld_port slurmd_port < <(/usr/bin/python3 - <<'PY'
import random, socket
ports = []
while len(ports) < 2:
    p = random.randrange(20000, 32000)
    with socket.socket() as s:
        try:
            s.bind(("", p))
        except OSError:
            continue
    if p not in ports:
        ports.append(p)
print(*ports)
PY
)
cat >"$SLURM_CONF" <<CONF
ClusterName=grainsimtest
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.sock
# No cgroups, no systemd, no accounting: processes tracked by their parent pids.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0
ReturnToService=2
StateSaveLocation=$tmp/slurm/state
SlurmdSpoolDir=$tmp/slurm/spool
SlurmctldPidFile=$tmp/slurm/slurmctld.pid
SlurmdPidFile=$tmp/slurm/slurmd.pid
SlurmctldLogFile=$tmp/slurm/log/slurmctld.log
SlurmdLogFile=$tmp/slurm/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
SlurmctldTimeout=10
SlurmdTimeout=10
MessageTimeout=10
InactiveLimit=0
MinJobAge=300
KillWait=2
NodeName=localhost CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF

[[ $(id -u) -eq 0 ]] || fail "Slurm could not start: slurmd must run as root here (SlurmdUser=root)"
# -D: stay in the foreground, so $! is the daemon; -i: ignore state files (there are none).
slurmctld -D -i >"$tmp/slurm/log/slurmctld.stderr" 2>&1 &
slurmctld_pid=$!
for ((i = 0; ; i++)); do
  [[ $(scontrol ping 2>/dev/null) == *'is UP'* ]] && break
  alive "$slurmctld_pid" || fail "Slurm could not start: slurmctld exited at start"
  ((i < 100)) || fail "Slurm could not start: slurmctld did not answer scontrol ping within 20 s"
  sleep 0.2
done
slurmd -D -N localhost >"$tmp/slurm/log/slurmd.stderr" 2>&1 &
slurmd_pid=$!
for ((i = 0; ; i++)); do
  [[ $(sinfo -h -n localhost -o %T 2>/dev/null) == idle ]] && break
  alive "$slurmd_pid" || fail "Slurm could not start: slurmd exited at start"
  alive "$slurmctld_pid" || fail "slurmctld exited"
  ((i < 150)) || fail "Slurm could not start: node localhost not idle within 30 s: $(sinfo -h -N -o '%N %T %E' 2>&1)"
  sleep 0.2
done
say "Slurm up: munged $munged_pid, slurmctld $slurmctld_pid (port $ctld_port), slurmd $slurmd_pid (port $slurmd_port), node idle"

# ---- the sweep as an array job of $shards tasks and a merge job
cd "$tmp/jobs"
out=$tmp/jobs/sweep.h5
MAX_RUNNING=abc "$source_dir/runs/slurm/submit.sh" "$shards" "$out" "${sweep_args[@]}" 2>/dev/null &&
  fail "submit.sh accepted MAX_RUNNING=abc"
ids=$(GRAINSIM=$grainsim MAX_RUNNING=2 "$source_dir/runs/slurm/submit.sh" "$shards" "$out" "${sweep_args[@]}") ||
  fail "submit.sh failed"
read -r array_id merge_id <<<"$ids"
[[ $array_id =~ ^[0-9]+$ && $merge_id =~ ^[0-9]+$ ]] || fail "submit.sh printed '$ids', not two job ids"
throttle=$(scontrol -o show job "$array_id" 2>&1 | grep -o 'ArrayTaskThrottle=[0-9]*' | head -n 1)
[[ $throttle == ArrayTaskThrottle=2 ]] || fail "MAX_RUNNING=2 did not throttle the array: '$throttle'"
say "submitted array job $array_id ($shards tasks, at most 2 at once) and merge job $merge_id"

for ((i = 0; ; i++)); do
  queue=$(squeue -h -j "$array_id,$merge_id" -o '%i %T %r' 2>&1) || fail "squeue failed: $queue"
  [[ -z $queue ]] && break
  { alive "$slurmctld_pid" && alive "$slurmd_pid"; } || fail "a Slurm daemon died while the jobs ran"
  ((i < 240)) || fail "jobs still queued after 120 s: $queue"
  sleep 0.5
done
say "both jobs left the queue"

# ---- success without sacct: the controller still knows the jobs (MinJobAge), and their logs
states=$(scontrol -o show job "$array_id"; scontrol -o show job "$merge_id")
n_done=$(grep -c 'JobState=COMPLETED .*ExitCode=0:0' <<<"$states" || true)
((n_done == shards + 1)) ||
  fail "expected $((shards + 1)) jobs COMPLETED with exit 0, got $n_done:
$(sed -E 's/^(JobId=[0-9]+).*(JobName=[^ ]+).*(JobState=[^ ]+).*(ExitCode=[^ ]+).*/\1 \2 \3 \4/' <<<"$states")"
for ((s = 0; s < shards; s++)); do
  f=$tmp/jobs/slurm-${array_id}_$s.out
  grep -q "^grainsim sweep shard $s/$shards: exit 0$" "$f" 2>/dev/null || fail "no 'exit 0' in $f"
  [[ -s ${out%.h5}.shard-$s-of-$shards.h5 ]] || fail "shard file $s of $shards missing"
done
grep -q '^grainsim merge: exit 0$' "$tmp/jobs/slurm-$merge_id.out" 2>/dev/null ||
  fail "no 'exit 0' in the merge job's output"
[[ -s $out ]] || fail "the merged file $out is missing"
say "all $shards tasks and the merge exited 0; merged file written"

# ---- the same sweep, unsharded, here
"$grainsim" sweep "${sweep_args[@]}" --out "$tmp/local.h5" || fail "the local sweep failed"
say "local unsharded sweep done"
/usr/bin/python3 "$source_dir/tests/runs/sweep/same_sweep.py" "$out" "$tmp/local.h5" ||
  fail "the Slurm sweep's datasets differ from the unsharded sweep's"
say "PASS: Slurm array + merge == unsharded sweep, bit for bit"
