#!/usr/bin/env node
// The relu-lab command: the exit code is whatever main decides.
import { main } from './cli/main.js';

process.exitCode = await main(process.argv);
