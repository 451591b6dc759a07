// Two sweeps in one folder: a sweep starting up removes only the temporary files of writers that
// are gone (a dead process of this host, or another host's file left for an hour), never a live one's.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStaleTemp, removeStaleTemps, tempPath } from '../../src/experiment/store.js';
import { tempDir } from '../helpers.js';

const HOST = hostname().replace(/[^A-Za-z0-9.]/g, '_') || 'host';

describe('removeStaleTemps', () => {
  it("keeps a live process's temp file, removes a dead one's and an old foreign one", async () => {
    const dir = tempDir();
    const runs = join(dir, 'runs');
    mkdirSync(runs, { recursive: true });
    const sleeper = spawn('sleep', ['30']);
    const dead = spawnSync('true').pid!;
    const live = join(runs, `a.json.tmp-${sleeper.pid}-${HOST}-abc123`);
    const gone = join(runs, `b.json.tmp-${dead}-${HOST}-abc123`);
    const foreignNew = join(runs, 'c.json.tmp-42-otherhost-abc123');
    const foreignOld = join(runs, 'd.json.tmp-42-otherhost-abc124');
    for (const f of [live, gone, foreignNew, foreignOld]) writeFileSync(f, '{"half":');
    const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
    utimesSync(foreignOld, twoHoursAgo, twoHoursAgo);
    try {
      expect(removeStaleTemps(dir)).toBe(2);
      expect(existsSync(live)).toBe(true);
      expect(existsSync(foreignNew)).toBe(true);
      expect(existsSync(gone)).toBe(false);
      expect(existsSync(foreignOld)).toBe(false);
    } finally {
      sleeper.kill();
    }
  });
  it("writeAtomic's own temp names parse back to a live writer (this process), so they are never removed", () => {
    const t = tempPath('/x/runs/a.json');
    expect(t).toContain(`.tmp-${process.pid}-${HOST}-`);
    expect(isStaleTemp(t)).toBe(false);
  });
});
