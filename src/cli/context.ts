import { userInfo } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Timeouts } from '../util/deadline';
import { requestHandlerOptions } from '../util/deadline';
import { CLI_TIMEOUTS } from './commonOptions';
import { UsageError } from './errors';
import { chainThenLocal, endpointUrl, isLoopback, regionThenLocal } from './localEndpoint';
import { positiveInteger } from './parseValues';
import type { ClientSettings, CliIo, CommandContext, OptionValues } from './types';

/** The environment variable naming the table when `--table` is not given. */
const TABLE_ENV = 'SUPPRESSION_TABLE';

/**
 * Client settings for an endpoint option. Credentials and region always come from the SDK's
 * standard chain; only for a loopback endpoint, and only when the chain has none, local
 * placeholders stand in. Every client gets the connection and request timeouts.
 */
function clientSettings(region: string | undefined, endpoint: URL | undefined, timeouts: Timeouts = CLI_TIMEOUTS): ClientSettings {
  const local = endpoint !== undefined && isLoopback(endpoint);
  return {
    ...(region !== undefined ? { region } : local ? { region: regionThenLocal() } : {}),
    ...(endpoint === undefined ? {} : { endpoint: endpoint.href.replace(/\/$/, '') }),
    ...(local ? { credentials: chainThenLocal() } : {}),
    requestHandler: requestHandlerOptions(timeouts),
  };
}

/** `--connect-timeout` and `--request-timeout`, in milliseconds, validated. */
function timeoutsOf(values: OptionValues, command: string): Timeouts {
  const ms = (option: 'connect-timeout' | 'request-timeout', fallback: number): number =>
    values[option] === undefined ? fallback : positiveInteger(values[option], `--${option}`, command);
  return {
    connectionTimeoutMs: ms('connect-timeout', CLI_TIMEOUTS.connectionTimeoutMs),
    requestTimeoutMs: ms('request-timeout', CLI_TIMEOUTS.requestTimeoutMs),
    totalTimeoutMs: CLI_TIMEOUTS.totalTimeoutMs,
  };
}

/**
 * Builds a command's context from its parsed options. Endpoint options are checked here (a usage
 * error, before anything runs); clients are made lazily, so that `--help` and usage errors never
 * touch AWS configuration.
 */
function createContext(command: string, io: CliIo, values: OptionValues, positionals: readonly string[]): CommandContext {
  const region = typeof values.region === 'string' ? values.region : undefined;
  const endpoint = typeof values.endpoint === 'string' ? endpointUrl(values.endpoint, '--endpoint', command) : undefined;
  const sesEndpoint = typeof values['ses-endpoint'] === 'string' ? endpointUrl(values['ses-endpoint'], '--ses-endpoint', command) : undefined;
  const timeouts = timeoutsOf(values, command);
  let dynamo: DynamoDBDocumentClient | undefined;
  let ses: SESv2Client | undefined;
  const tableName = (): string => {
    const name = typeof values.table === 'string' ? values.table : io.env[TABLE_ENV];
    if (name === undefined || name.trim() === '') throw new UsageError(`no table: pass --table <name> or set ${TABLE_ENV}`, command);
    return name;
  };
  return {
    io,
    json: values.json === true,
    values,
    positionals,
    tableName,
    dynamo: () => (dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient(clientSettings(region, endpoint, timeouts)))),
    ses: () => (ses ??= new SESv2Client(clientSettings(region, sesEndpoint, timeouts))),
    clientSettings: (endpointOption) => {
      const value = endpointOption === undefined ? undefined : values[endpointOption];
      return clientSettings(region, typeof value === 'string' ? endpointUrl(value, `--${endpointOption}`, command) : undefined, timeouts);
    },
    actor: () => {
      if (typeof values.actor === 'string' && values.actor.trim() !== '') return values.actor.trim();
      try {
        return userInfo().username;
      } catch {
        return io.env.USER ?? 'unknown';
      }
    },
    describeTarget: () =>
      `table "${tableName()}"${region === undefined ? '' : ` in ${region}`}${endpoint === undefined ? '' : ` at ${endpoint.href.replace(/\/$/, '')}`}`,
  };
}

export { clientSettings, createContext, TABLE_ENV };
