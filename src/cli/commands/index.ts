import type { Command } from '../types';
import { add } from './add';
import { check } from './check';
import { consoleCommand } from './console';
import { exportCommand } from './export';
import { importCommand } from './import';
import { list } from './list';
import { redrive } from './redrive';
import { remove } from './remove';
import { serve } from './serve';
import { smokeTest } from './smokeTest';
import { stats } from './stats';
import { syncSes } from './syncSes';
import { worker } from './worker';

/** Every command, in the order help lists them. */
const COMMANDS: readonly Command[] = [
  check,
  list,
  exportCommand,
  add,
  remove,
  importCommand,
  syncSes,
  stats,
  redrive,
  smokeTest,
  serve,
  worker,
  consoleCommand,
];

export { COMMANDS };
