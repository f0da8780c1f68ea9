// Keeps the embedded config center's state in one JSON file, so the all-in-one host keeps its config across restarts.
// Writes go to a temporary file renamed over the old one, so a crash never leaves half a file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LogRecord } from './revision-log.ts';

export interface EmbeddedCenterState {
  /** The last revision handed out; revisions are global across keys, as in etcd. */
  revision: number;
  current: Record<string, { value: unknown; revision: number }>;
  /** Per key, newest first. */
  logs: Record<string, LogRecord[]>;
}

export function emptyState(): EmbeddedCenterState {
  return { revision: 0, current: {}, logs: {} };
}

/** The state stored at `path`, or an empty state when the file does not exist yet. */
export async function readCenterFile(path: string): Promise<EmbeddedCenterState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<EmbeddedCenterState>;
  if (typeof parsed.revision !== 'number' || typeof parsed.current !== 'object' || typeof parsed.logs !== 'object') {
    throw new Error(`config center file ${path} is not a config center state (revision, current, logs)`);
  }
  return parsed as EmbeddedCenterState;
}

export async function writeCenterFile(path: string, state: EmbeddedCenterState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(state));
  await rename(temporary, path);
}
