import { describe, expect, it } from 'vitest';
import { startBackend } from '../../src/tfjs/backend.js';
import { cli } from '../helpers.js';

describe('backend', () => {
  it('auto takes the fastest that loads here (wasm: tfjs-node cannot install on this machine) and says why', async () => {
    const be = await startBackend('auto');
    expect(['tensorflow', 'wasm']).toContain(be.name);
    expect(be.reason).toMatch(new RegExp(`^backend: ${be.name} \\(auto`));
    if (be.name === 'wasm') expect(be.reason).toContain('tfjs-node is not installed');
  });

  it('runs the cpu backend on request without the "Hi, looks like you are running TensorFlow.js in Node.js" banner', () => {
    const r = cli(['train', '--backend', 'cpu', '--epochs', '20', '--hidden', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('backend: cpu (asked for)\n');
    expect(JSON.parse(r.stdout).backend).toBe('cpu');
  });
});
