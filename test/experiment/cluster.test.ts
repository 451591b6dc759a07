// The cluster files a user submits (configs/cluster/): the Kubernetes manifest parses as an Indexed
// Job of shards plus a summarizer, the Slurm script forms its array and dependent job, and the
// command lines of both, run here as shards on a tiny grid, give the summary of the unsharded sweep.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { BIN, ROOT, cli, tempDir } from '../helpers.js';

const tmp = tempDir('relu-lab-cluster-');
const config = join(tmp, 'tiny.json');
const cache = join(tmp, 'cache');
writeFileSync(config, JSON.stringify({ target: 'square', hidden: [1, 2, 3], seed: [0, 1], epochs: 40, restarts: 1 }));
// `relu-lab` on PATH, as the cluster images have it
const bin = join(tmp, 'bin');
spawnSync('mkdir', ['-p', bin]);
writeFileSync(join(bin, 'relu-lab'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
chmodSync(join(bin, 'relu-lab'), 0o755);
writeFileSync(join(bin, 'sbatch'), `#!/bin/sh\necho "$@" >> "${join(tmp, 'sbatch.log')}"\necho 4242\n`);
chmodSync(join(bin, 'sbatch'), 0o755);

function sh(script: string[], env: Record<string, string>): void {
  const r = spawnSync(script[0], script.slice(1), { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, RELU_LAB_CACHE: cache, ...env } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

/** summary.csv without the seconds column (timings differ from run to run). */
function summary(dir: string): string[] {
  const [head, ...rows] = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
  const drop = head.split(',').indexOf('seconds');
  return [head, ...rows.sort()].map((l) => l.split(',').filter((_, i) => i !== drop).join(','));
}

let unsharded: string[] | null = null;
const reference = () => {
  if (!unsharded) {
    const out = join(tmp, 'whole');
    expect(cli(['sweep', config, '--out', out, '--quiet', '--jobs', '1'], { env: { RELU_LAB_CACHE: cache } }).code).toBe(0);
    unsharded = summary(out);
  }
  return unsharded;
};

describe('cluster files', () => {
  it('the Kubernetes Indexed Job, run here shard by shard, then its summarizer, gives the unsharded summary', () => {
    const docs = parseAllDocuments(readFileSync(join(ROOT, 'configs/cluster/sweep-job.yaml'), 'utf8')).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['PersistentVolumeClaim', 'Job', 'Job']);
    const [, shards, summarize] = docs;
    expect(shards.spec.completionMode).toBe('Indexed');
    const n = shards.spec.completions;
    expect(n).toBeGreaterThan(1);
    const envOf = (job: { spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } } }) =>
      Object.fromEntries(job.spec.template.spec.containers[0].env.map((e) => [e.name, e.value]));
    expect(envOf(shards).SHARDS).toBe(String(n));
    expect(envOf(summarize).SHARDS).toBe(String(n));
    const out = join(tmp, 'k8s');
    const env = { CONFIG: config, OUT: out, POLL_SECONDS: '1' };
    for (let i = 0; i < n; i++) sh(shards.spec.template.spec.containers[0].command, { ...envOf(shards), ...env, JOB_COMPLETION_INDEX: String(i) });
    sh(summarize.spec.template.spec.containers[0].command, { ...envOf(summarize), ...env });
    expect(summary(out)).toEqual(reference());
  }, 240_000);

  it('the Slurm script submits an array and a dependent summarize job; its tasks, run here, give the unsharded summary', () => {
    const script = join(ROOT, 'configs/cluster/sweep-array.sh');
    const out = join(tmp, 'slurm');
    const env = { CONFIG: config, OUT: out, SHARDS: '2' };
    sh(['sh', script], env);
    const log = readFileSync(join(tmp, 'sbatch.log'), 'utf8').trim().split('\n');
    expect(log[0]).toMatch(/--array=1-2/);
    expect(log[1]).toMatch(/--dependency=afterok:4242/);
    for (let i = 1; i <= 2; i++) sh(['sh', script], { ...env, SLURM_ARRAY_TASK_ID: String(i), SLURM_CPUS_PER_TASK: '1' });
    sh(['sh', script], { ...env, RELU_LAB_SUMMARIZE: '1' });
    expect(summary(out)).toEqual(reference());
  }, 240_000);
});
