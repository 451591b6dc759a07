#!/bin/sh
# relu-lab on Slurm: one sweep split into SHARDS array tasks, then one summarize job after them.
#   sh configs/cluster/sweep-array.sh                 # submits the array and the summarize job
#   CONFIG=configs/sin-widths.json SHARDS=8 sh configs/cluster/sweep-array.sh
# Needs relu-lab on PATH on the nodes (npm ci && npm run build && npm link in this repository) and
# OUT on a file system every node sees. Each task trains every SHARDS-th batch of the grid
# (`sweep --shard I/N`); a task that is rerun resumes (finished runs are kept).
#SBATCH --job-name=relu-lab
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=02:00:00
set -eu
CONFIG=${CONFIG:-configs/square-widths.json}
OUT=${OUT:-results/$(basename "$CONFIG" .json)}
SHARDS=${SHARDS:-4}
export CONFIG OUT SHARDS

if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  # one array task = one shard; --jobs: the cores Slurm gave this task
  exec relu-lab sweep "$CONFIG" --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" --out "$OUT" --quiet --jobs "${SLURM_CPUS_PER_TASK:-1}"
elif [ -n "${RELU_LAB_SUMMARIZE:-}" ]; then
  exec relu-lab summarize "$OUT" --quiet
else
  array=$(sbatch --parsable --array="1-$SHARDS" --export=ALL "$0")
  sbatch --dependency="afterok:${array%%;*}" --export=ALL,RELU_LAB_SUMMARIZE=1 "$0"
fi
