// Config files: JSON, or YAML for .yaml/.yml, read into plain values for validateOverrides. A
// missing, unreadable, oversized or malformed file is one line naming the file and, for a syntax
// error, the line and column.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH } from '../limits.js';

export const isYaml = (path: string): boolean => /\.ya?ml$/i.test(path);

/** A config file's name without its .json/.yaml/.yml extension: the sweep's name and results folder. */
export const configName = (path: string): string => basename(path).replace(/\.(json|ya?ml)$/i, '');

function readText(path: string): string {
  try {
    const size = statSync(path).size;
    if (size > MAX_CONFIG_BYTES) throw new ConfigError([`${path}: the config file is ${size} bytes; expected at most ${MAX_CONFIG_BYTES} (a config is a few settings)`]);
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? (e as Error).message);
    throw new ConfigError([`${path}: cannot read the config file (${why}); expected a JSON or YAML file such as configs/quick.json`]);
  }
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = '';
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const col = Number(pos[1]) - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${col}`;
    }
    throw new ConfigError([`${path}: invalid JSON${where}: ${msg.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`]);
  }
}

const TOO_DEEP = `nested too deeply to read; expected settings nested at most ${MAX_CONFIG_DEPTH} levels`;

/** Deepest bracket nesting before yaml's parser is asked: past this a flow collection is refused at once (the parser takes seconds on 10⁵ levels). */
const MAX_FLOW_NESTING = 64;

/** The deepest nesting of [ and { outside quoted strings and comments, cut off past MAX_FLOW_NESTING. */
function flowNesting(text: string): number {
  let depth = 0;
  let most = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') while (i < text.length && text[i] !== '\n') i++;
    else if (ch === '[' || ch === '{') {
      most = Math.max(most, ++depth);
      if (most > MAX_FLOW_NESTING) return most;
    } else if (ch === ']' || ch === '}') depth--;
  }
  return most;
}

function parseYaml(path: string, text: string): unknown {
  if (flowNesting(text) > MAX_FLOW_NESTING) throw new ConfigError([`${path}: invalid YAML: ${TOO_DEEP}`]);
  // Aliases are capped (the yaml default, 100) so a "billion laughs" file cannot blow up.
  // logLevel 'error': yaml's warnings would reach stderr unasked; every error is reported below.
  let doc;
  try {
    doc = parseDocument(text, { uniqueKeys: true, logLevel: 'error' });
  } catch (e) {
    throw new ConfigError([`${path}: invalid YAML: ${e instanceof RangeError ? TOO_DEEP : (e as Error).message.split('\n')[0]}`]);
  }
  const err = doc.errors[0];
  if (err) {
    const at = err.linePos?.[0];
    const first = /call stack/i.test(err.message) ? TOO_DEEP : err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError([`${path}: invalid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${first}`]);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError([`${path}: invalid YAML: ${e instanceof RangeError ? TOO_DEEP : (e as Error).message.split('\n')[0]}`]);
  }
}

/** Read a config file: YAML when it ends in .yaml/.yml, else JSON. */
export function readConfigFile(path: string): unknown {
  const text = readText(path);
  return isYaml(path) ? parseYaml(path, text) : parseJson(path, text);
}
