import { describe, expect, it } from 'vitest';
import { startBackend } from '../../src/tfjs/backend.js';
import { cli, HAS_TFJS_NODE } from '../helpers.js';

describe('backend', () => {
  it('auto takes the fastest that loads here and says why: tensorflow where tfjs-node is installed and loads, else wasm', async () => {
    const be = await startBackend('auto');
    expect(['tensorflow', 'wasm']).toContain(be.name);
    expect(be.reason).toMatch(new RegExp(`^backend: ${be.name} \\(auto`));
    if (!HAS_TFJS_NODE) {
      expect(be.name).toBe('wasm');
      expect(be.reason).toContain('tfjs-node is not installed');
    }
  });

  it('runs the cpu backend on request without the "Hi, looks like you are running TensorFlow.js in Node.js" banner', () => {
    const r = cli(['train', '--backend', 'cpu', '--epochs', '20', '--hidden', '2', '--json', '--verbose']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('backend: cpu (asked for)\n');
    expect(JSON.parse(r.stdout).backend).toBe('cpu');
  });
});
