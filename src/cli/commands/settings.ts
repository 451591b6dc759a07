// `relu-lab settings`: the settings table (flag, key, default, allowed), as docs/settings.md
// (--markdown) or as configs/schema.json (--schema). `npm run docs` writes both files from it.
import { schemaText, settingsMarkdown, settingsText } from '../../settings.js';
import { ConfigError } from '../../errors.js';
import { EXIT, type Flags } from '../exit.js';
import type { Io } from '../terminal.js';

export async function settings(io: Io, flags: Flags): Promise<number> {
  if (flags.markdown && flags.schema) throw new ConfigError(['--markdown and --schema: both given; expected one of them (each prints one file)']);
  io.out(flags.markdown ? settingsMarkdown() : flags.schema ? schemaText() : settingsText() + '\n');
  return EXIT.ok;
}
