#!/usr/bin/env bash
# One fact sheet per CSV row on a Slurm cluster: a job array whose task I
# of N builds the rows whose index modulo N is I (`keyfig batch --shard`).
# The tasks share nothing but the output directory, and need no
# coordination: together they build every row once.
#
#   mkdir -p out/batch
#   sbatch examples/batch/slurm-batch.sh                # 8 tasks
#   sbatch --array=0-31 examples/batch/slurm-batch.sh   # or 32
#
# The array must be numbered from its first index without gaps (0-7, not
# 0-14:2).  Each task exits 1 when one of its rows failed, so `sacct`
# shows which tasks to look at; their logs name the CSV lines.
#
#SBATCH --job-name=keyfig-batch
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=256M
#SBATCH --time=00:20:00
#SBATCH --output=keyfig-batch-%A_%a.log
set -euo pipefail

KEYFIG=${KEYFIG:-build/keyfig}
TEMPLATE=${TEMPLATE:-figures/batch/lab-template.yaml}
ENTITIES=${ENTITIES:-figures/batch/labs.csv}
OUTDIR=${OUTDIR:-out/batch}
FORMATS=${FORMATS:-pdf,png,xlsx}

: "${SLURM_ARRAY_TASK_ID:?submit with sbatch: this is one task of a job array}"
: "${SLURM_ARRAY_TASK_COUNT:?submit with sbatch --array}"
index=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-0}))

mkdir -p "$OUTDIR"
exec "$KEYFIG" batch "$TEMPLATE" "$ENTITIES" -o "$OUTDIR" -f "$FORMATS" \
  -j "${SLURM_CPUS_PER_TASK:-1}" --shard "$index/$SLURM_ARRAY_TASK_COUNT" \
  --progress
