// Reads the deployment's JSON config file: one section per service plus 'global' for settings every service shares,
// e.g. { "global": { "logLevel": "info" }, "gateway": { "port": 8080 } }, so one file serves a whole all-in-one host.
import { readFile } from 'node:fs/promises';
import { isPlainObject } from './layers.ts';

export type ConfigFileSections = Record<string, Record<string, unknown>>;

export async function readConfigFile(path: string): Promise<ConfigFileSections> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`config file ${path} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`config file ${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (!isPlainObject(parsed)) throw new Error(`config file ${path} must hold a JSON object of sections ("global", service names)`);
  for (const [section, value] of Object.entries(parsed)) {
    if (!isPlainObject(value)) throw new Error(`config file ${path}: section "${section}" must be a JSON object`);
  }
  return parsed as ConfigFileSections;
}
