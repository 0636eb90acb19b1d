import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from './errors';

/**
 * One SES event to deliver, and where it came from. A string is a plain-text `Message` delivered
 * as it is, the way SES publishes its setup notice when an event destination is created.
 */
interface LoadedEvent {
  readonly source: string;
  readonly event: Record<string, unknown> | string;
}

/**
 * Reads SES events from files and directories (every `*.json` in a directory, sorted). A file holds
 * one event or an array of them; each must be an object with `eventType` or `notificationType`, or
 * a string (a plain-text message, such as `samples/10-ses-setup-notice.json`).
 *
 * @throws InputError naming the file, and the item, that is wrong
 */
function loadSesEvents(paths: readonly string[]): LoadedEvent[] {
  return paths.flatMap((path) => {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new InputError(`${path}: no such file or directory`);
    }
    if (!isDirectory) return loadFile(path);
    const files = readdirSync(path)
      .filter((name) => name.endsWith('.json'))
      .sort();
    if (files.length === 0) throw new InputError(`${path}: no .json files in this directory`);
    return files.flatMap((name) => loadFile(join(path, name)));
  });
}

function loadFile(path: string): LoadedEvent[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw new InputError(`${path}: an empty array holds no SES event`);
  return items.map((item, i) => {
    const where = Array.isArray(value) ? `${path} [${i}]` : path;
    if (typeof item === 'string') return { source: where, event: item };
    const isEvent =
      typeof item === 'object' &&
      item !== null &&
      !Array.isArray(item) &&
      (typeof (item as Record<string, unknown>).eventType === 'string' || typeof (item as Record<string, unknown>).notificationType === 'string');
    if (!isEvent) throw new InputError(`${where}: not an SES event (an object with eventType or notificationType, or a plain-text message)`);
    return { source: where, event: item as Record<string, unknown> };
  });
}

export type { LoadedEvent };
export { loadSesEvents };
