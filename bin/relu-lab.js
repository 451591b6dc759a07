#!/usr/bin/env node
// The relu-lab command: runs the compiled CLI (npm install builds dist/ through the prepare script).
import { runMain } from '../dist/cli.js';

await runMain();
